package org.marketcache.core.tier;

/** The three tiers, fastest first. {@link #label()} is the value of the {@code tier} metric tag. */
public enum Tier {
    L1("l1"), L2("l2"), L3("l3");

    private final String label;

    Tier(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
