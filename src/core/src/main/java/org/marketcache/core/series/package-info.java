/** Time series cut into aligned chunks, and windows stitched from chunks without copying them. */
package org.marketcache.core.series;
