package org.egret.console.internal.rest;

/** A request that cannot be answered with data: carries the HTTP status and the envelope code (Heron's codes). */
public final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int INVALID_PARAMETER = 1001;
    public static final int NOT_FOUND = 2001;
    public static final int INTERNAL = 5001;
    public static final int STORAGE_UNAVAILABLE = 5003;

    private final int httpStatus;
    private final int code;

    private ApiException(int httpStatus, int code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    /** 400 / 1001: the message names the parameter and what is wrong with it. */
    public static ApiException invalidParameter(String message) {
        return new ApiException(400, INVALID_PARAMETER, message);
    }

    /** 413 / 1001: a request body beyond what the route accepts. */
    public static ApiException payloadTooLarge(String message) {
        return new ApiException(413, INVALID_PARAMETER, message);
    }

    /** 415 / 1001: a request body that is not of the media type the route reads. */
    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, INVALID_PARAMETER, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, NOT_FOUND, message);
    }

    public static ApiException storageUnavailable() {
        return new ApiException(503, STORAGE_UNAVAILABLE, "storage unavailable");
    }

    /** 503 / 5003: a part of the appliance this answer needs is not installed or not running. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, STORAGE_UNAVAILABLE, message);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int code() {
        return code;
    }

    public ApiResponse toResponse() {
        return ApiResponse.error(httpStatus, code, getMessage());
    }
}
