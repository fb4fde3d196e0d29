/** Fills an empty database with the demo market at start when {@code marketcache.demo.seed} is on. */
package org.marketcache.demo.seed;
