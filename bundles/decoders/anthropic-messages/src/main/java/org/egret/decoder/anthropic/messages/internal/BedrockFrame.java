package org.egret.decoder.anthropic.messages.internal;

/**
 * One message of an {@code application/vnd.amazon.eventstream} body.
 *
 * @param messageType   the {@code :message-type} header: {@code event}, {@code exception} or {@code error}
 * @param eventType     the {@code :event-type} header ({@code chunk} for model output), or null
 * @param exceptionType the {@code :exception-type} (or {@code :error-code}) header, or null
 * @param payload       the payload bytes: JSON
 * @param lastByte      body offset of the frame's last byte: the packet that brought it completed the frame
 */
record BedrockFrame(String messageType, String eventType, String exceptionType, byte[] payload, long lastByte) {

    boolean isException() {
        return "exception".equals(messageType) || "error".equals(messageType);
    }
}
