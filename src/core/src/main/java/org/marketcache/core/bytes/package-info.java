/**
 * Bytes without copies: pre-encoded JSON fragments, and answers as lists of slices of them that the HTTP layer hands
 * to the transport as they are.
 */
package org.marketcache.core.bytes;
