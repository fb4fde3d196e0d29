package org.marketcache.warm;

/**
 * A key id with a score: in a pod's sketch the estimated requests since the last publish, in the shared ranking
 * the decayed sum over every pod.
 */
public record HotKey(String id, double score) {
}
