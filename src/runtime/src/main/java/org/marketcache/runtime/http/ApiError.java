package org.marketcache.runtime.http;

/**
 * The body of every error answer: a stable upper-case code to branch on, a sentence for humans, and the offending
 * request field when there is one. Never a stack trace.
 */
public record ApiError(String error, String message, String field) {
}
