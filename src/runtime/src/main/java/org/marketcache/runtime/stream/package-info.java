/**
 * Reading Redis Streams: {@code StreamConsumer} is the one read loop (tail mode for the event stream every pod
 * reads, group mode for the write-back log each entry of which one flusher takes), {@code RedisReplies} reads the
 * RESP2 and RESP3 shapes of stream and map replies, {@code StreamEntry} is one entry.
 */
package org.marketcache.runtime.stream;
