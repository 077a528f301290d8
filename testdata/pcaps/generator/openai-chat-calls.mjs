// What the npm `openai` SDK hands back for Chat Completions calls, one record per call: the observed files' oracle.
// Shared by agent-client.mjs and the LiteLLM-like proxy (fake-litellm-proxy.mjs), whose upstream leg is the SDK too.
//
// chatCalls(llmCalls, defaultClient) gives callNonStream and callStream(params, requestOptions, api, hooks), which
// push each call's record onto llmCalls when it starts. hooks: tags (turn-truth.mjs) that lead the record,
// onResponse(response) once the headers are in, onChunk(chunk) for every streamed chunk.

import OpenAI from 'openai';

export function chatCalls(llmCalls, defaultClient) {
  function blank(modelRequested, stream) {
    return {
      model_requested: modelRequested,
      stream,
      status: null,
      request_id: null,
      model: null,
      finish_reason: null,
      input_tokens: null,
      output_tokens: null,
      cached_tokens: null,
      reasoning_tokens: null,
      tool_calls: [],
      content: null,
      error_code: null,
    };
  }

  function applyUsage(rec, usage) {
    if (!usage) return;
    rec.input_tokens = usage.prompt_tokens ?? null;
    rec.output_tokens = usage.completion_tokens ?? null;
    rec.cached_tokens = usage.prompt_tokens_details?.cached_tokens ?? null;
    rec.reasoning_tokens = usage.completion_tokens_details?.reasoning_tokens ?? null;
  }

  function applyError(rec, err) {
    if (!(err instanceof OpenAI.APIError)) throw err;
    rec.status = err.status ?? null;
    rec.request_id = err.requestID ?? null;
    rec.error_code = err.code ?? null;
    rec.error_type = err.type ?? null;
    rec.error_message = err.error?.message ?? null;
  }

  // One non-streaming call; returns the assistant message (or null on API error).
  async function callNonStream(params, requestOptions, api = defaultClient, { tags = {} } = {}) {
    const rec = { ...tags, ...blank(params.model, false) };
    llmCalls.push(rec);
    try {
      const { data, response, request_id } = await api.chat.completions.create(params, requestOptions).withResponse();
      rec.status = response.status;
      rec.request_id = request_id ?? null;
      rec.model = data.model ?? null;
      const choice = data.choices?.[0];
      rec.finish_reason = choice?.finish_reason ?? null;
      rec.content = choice?.message?.content ?? null;
      rec.tool_calls = (choice?.message?.tool_calls ?? []).map((tc) => ({
        id: tc.id,
        name: tc.function?.name ?? null,
        arguments: tc.function?.arguments ?? null,
      }));
      applyUsage(rec, data.usage);
      if (response.headers.get('content-encoding')) rec.content_encoding = response.headers.get('content-encoding');
      return choice?.message ?? null;
    } catch (err) {
      applyError(rec, err);
      return null;
    }
  }

  // One streaming call; accumulates deltas exactly as a consumer of the SDK stream would.
  async function callStream(params, requestOptions, api = defaultClient, { tags = {}, onResponse, onChunk } = {}) {
    const rec = { ...tags, ...blank(params.model, true) };
    llmCalls.push(rec);
    try {
      const { data: stream, response, request_id } = await api.chat.completions
        .create({ ...params, stream: true }, requestOptions)
        .withResponse();
      rec.status = response.status;
      rec.request_id = request_id ?? null;
      onResponse?.(response);
      const toolCalls = []; // by index
      let chunks = 0;
      for await (const chunk of stream) {
        chunks++;
        onChunk?.(chunk);
        if (chunk.model) rec.model = chunk.model;
        if (chunk.usage) applyUsage(rec, chunk.usage);
        for (const choice of chunk.choices ?? []) {
          const d = choice.delta ?? {};
          if (typeof d.content === 'string') rec.content = (rec.content ?? '') + d.content;
          for (const tc of d.tool_calls ?? []) {
            const slot = (toolCalls[tc.index] ??= { id: null, name: null, arguments: '' });
            if (tc.id) slot.id = tc.id;
            if (tc.function?.name) slot.name = tc.function.name;
            if (typeof tc.function?.arguments === 'string') slot.arguments += tc.function.arguments;
          }
          if (choice.finish_reason) rec.finish_reason = choice.finish_reason;
        }
      }
      rec.chunks = chunks;
      rec.tool_calls = toolCalls.filter(Boolean);
      const message = { role: 'assistant', content: rec.content ?? null };
      if (rec.tool_calls.length > 0) {
        message.tool_calls = rec.tool_calls.map((tc) => ({
          id: tc.id,
          type: 'function',
          function: { name: tc.name, arguments: tc.arguments },
        }));
      }
      return message;
    } catch (err) {
      applyError(rec, err);
      return null;
    }
  }

  return { callNonStream, callStream };
}
