/**
 * The L2 value format: a versioned header (version, generation, written/refresh/expire times) around a payload that a
 * {@code ValueCodec} encodes, LZ4-compressed above a threshold. A value that cannot be read is a named error.
 */
package org.marketcache.core.codec;
