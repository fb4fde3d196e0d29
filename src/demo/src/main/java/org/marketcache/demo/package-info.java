/**
 * A deterministic demo market: candles, trades, tickers and books for any exchange and symbol from a seed, with Zipf
 * popularity across symbols. Used by local runs, tests and the benchmarks, never by a production function unless
 * {@code marketcache.demo.seed} is on.
 */
package org.marketcache.demo;
