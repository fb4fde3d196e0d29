package org.marketcache.demo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.marketcache.marketdata.Instrument;

/**
 * Zipf-like popularity over instruments: symbol of rank {@code r} (1 = most popular) weighs {@code 1 / r^s}, the
 * exchange of rank {@code e} weighs {@code 1 / e^t}, an instrument weighs the product, and all weights sum to 1.
 * The demo market trades popular instruments more (volume and trade count scale with the weight), and a benchmark
 * draws its keys from {@link #sample}, so hot keys in a load test are the instruments that really trade most.
 */
public final class Popularity {
    /** Zipf exponent over symbols; about 1 is what request logs of market-data APIs show. */
    public static final double SYMBOL_EXPONENT = 1.1;
    /** Zipf exponent over exchanges. */
    public static final double EXCHANGE_EXPONENT = 1.0;

    private final List<Instrument> instruments;
    private final double[] weights;
    private final double[] cumulative;
    private final Map<Instrument, Integer> index = new HashMap<>();

    Popularity(List<Instrument> instrumentsInRankOrder, int exchanges, int symbols) {
        this.instruments = List.copyOf(instrumentsInRankOrder);
        this.weights = new double[instruments.size()];
        double total = 0;
        for (int e = 0; e < exchanges; e++) {
            for (int s = 0; s < symbols; s++) {
                double w = 1 / StrictMath.pow(e + 1, EXCHANGE_EXPONENT) / StrictMath.pow(s + 1, SYMBOL_EXPONENT);
                weights[e * symbols + s] = w;
                total += w;
            }
        }
        this.cumulative = new double[weights.length];
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= total;
            running += weights[i];
            cumulative[i] = running;
            index.put(instruments.get(i), i);
        }
        cumulative[cumulative.length - 1] = 1.0;
    }

    /** Every instrument, exchange-major, symbols in rank order. */
    public List<Instrument> instruments() {
        return instruments;
    }

    /** Weights aligned with {@link #instruments()}; they sum to 1. */
    public double[] weights() {
        return weights.clone();
    }

    public double weight(Instrument instrument) {
        Integer i = index.get(instrument);
        return i == null ? 0 : weights[i];
    }

    /** Weight relative to the most popular instrument (1 for it, less for every other). */
    public double relativeWeight(Instrument instrument) {
        return weight(instrument) / weights[0];
    }

    /** Draws an instrument with probability equal to its weight. */
    public Instrument sample(RandomGenerator random) {
        // Instrument i owns [cumulative[i - 1], cumulative[i]).
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return instruments.get(Math.min(i >= 0 ? i + 1 : -i - 1, instruments.size() - 1));
    }
}
