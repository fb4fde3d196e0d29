/** How long entries live in each tier and when they are refreshed ahead, per cache ({@code TtlPolicy}). */
package org.marketcache.core.policy;
