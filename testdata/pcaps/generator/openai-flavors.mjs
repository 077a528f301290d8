// How OpenAI-compatible servers other than OpenAI answer on the wire: their headers and the fields they add to (or
// leave out of) the OpenAI shapes. Flavors: openai, vllm, sglang, ollama, llamacpp, litellm (the proxy). Used by
// fake-openai-server.mjs (FIXTURE_FLAVOR) and fake-litellm-proxy.mjs.

import { detString, HEX } from './det-string.mjs';

export const FLAVOR_FINGERPRINTS = { ollama: 'fp_ollama', llamacpp: 'b6795-2e1bf4b3' };
// LiteLLM falls back to another deployment when the first fails, and answers with that model: a silent substitution
export const FLAVOR_SERVED = { litellm: { 'gpt-4o': 'gpt-4o-mini-2024-07-18' } };

// LiteLLM's own response headers, then the upstream provider's, which it forwards prefixed llm_provider-. The
// defaults are those of LiteLLM in front of Anthropic.
export function litellmHeaders(n, {
  apiBase = 'https://api.anthropic.com/v1/messages',
  provider = {
    'request-id': `req_011C${detString(`areq${n}`, 20)}`,
    'anthropic-ratelimit-requests-limit': '4000',
  },
  extra = {},
} = {}) {
  const headers = {
    server: 'uvicorn',
    'x-litellm-call-id': `5f0c${detString(`litellm${n}`, 4, HEX)}-1c2d-4e5f-8a9b-0c1d2e3f4a5b`,
    'x-litellm-model-id': detString('litellm-model', 64, HEX),
    'x-litellm-model-api-base': apiBase,
    'x-litellm-version': '1.77.3',
    'x-litellm-response-cost': '0.0041235',
    'x-litellm-key-spend': '1.83',
    ...extra,
  };
  for (const [name, value] of Object.entries(provider)) headers[`llm_provider-${name}`] = value;
  return headers;
}

export function serverFlavorHeaders(flavor, n, openaiHeaders) {
  switch (flavor) {
    case 'vllm':
    case 'sglang':
      return { server: 'uvicorn' };
    case 'ollama':
      return {};
    case 'llamacpp':
      return { server: 'llama.cpp', 'access-control-allow-origin': '' };
    case 'litellm':
      return litellmHeaders(n);
    default:
      return openaiHeaders;
  }
}

// Reshapes a chunk or a completion as the flavor's server writes it; final = it carries the finish reason.
export function serverFlavorShape(flavor, obj, final) {
  if (flavor === 'openai') return obj;
  delete obj.obfuscation;
  delete obj.service_tier;
  const choices = obj.choices ?? [];
  switch (flavor) {
    case 'vllm':
      for (const ch of choices) ch.stop_reason = null;
      if (obj.object === 'chat.completion') {
        obj.prompt_logprobs = null;
        obj.kv_transfer_params = null;
      }
      break;
    case 'sglang':
      for (const ch of choices) if (final) ch.matched_stop = 151645;
      break;
    case 'ollama':
      obj.system_fingerprint = FLAVOR_FINGERPRINTS.ollama;
      for (const ch of choices) delete ch.logprobs;
      break;
    case 'llamacpp':
      obj.system_fingerprint = FLAVOR_FINGERPRINTS.llamacpp;
      if (final || obj.object === 'chat.completion') {
        obj.timings = { prompt_n: 41, prompt_ms: 38.115, prompt_per_second: 1075.69, predicted_n: 96,
          predicted_ms: 1402.7, predicted_per_second: 68.44 };
      }
      break;
    case 'litellm':
      delete obj.system_fingerprint;
      if (obj.usage) {
        obj.usage.cache_creation_input_tokens = 0;
        obj.usage.cache_read_input_tokens = obj.usage.prompt_tokens_details?.cached_tokens ?? 0;
      }
      break;
  }
  return obj;
}
