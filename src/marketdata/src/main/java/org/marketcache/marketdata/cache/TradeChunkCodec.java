package org.marketcache.marketdata.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.marketcache.core.bytes.ByteSink;
import org.marketcache.core.bytes.ByteSource;
import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.core.bytes.Fragments;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.codec.ValueCodec;
import org.marketcache.marketdata.Side;
import org.marketcache.marketdata.Trade;

/**
 * A chunk of trades, like {@link CandleChunkCodec}:
 * <pre>
 * payload = zigzag(start) varint(end - start) byte(complete) varint(count)
 *           count × [ varint(time - previous) varint(idLength) id byte(side) decimal(price) decimal(amount) ]
 * </pre>
 * Trade ids are validated to a safe ASCII alphabet, so they go into JSON without escaping.
 */
public final class TradeChunkCodec implements ValueCodec<SeriesChunk> {
    public static final byte TYPE = 2;
    public static final TradeChunkCodec INSTANCE = new TradeChunkCodec();
    private static final int MAX_TRADES = 1_000_000;

    @Override
    public byte typeId() {
        return TYPE;
    }

    @Override
    public void encode(SeriesChunk value, ByteSink out) {
        out.write(value.payload());
    }

    /** Builds a chunk from trades ascending by time, all inside {@code [start, end)}. */
    public static SeriesChunk build(long start, long end, List<Trade> trades, boolean complete) {
        int n = trades.size();
        ByteSink payload = new ByteSink(16 + n * 32);
        payload.zigzag(start).varint(end - start).write(complete ? 1 : 0).varint(n);
        long[] times = new long[n];
        Fragments.Builder json = new Fragments.Builder(n, n * 96);
        long prev = start;
        for (int i = 0; i < n; i++) {
            Trade t = trades.get(i);
            if (t.time() < prev || t.time() >= end) {
                throw new IllegalArgumentException("trade at " + t.time() + " outside chunk [" + start + ", " + end
                        + ") or out of order");
            }
            times[i] = t.time();
            byte[] id = t.id().getBytes(StandardCharsets.US_ASCII);
            payload.varint(t.time() - prev).varint(id.length).write(id).write(t.side() == Side.BUY ? 0 : 1);
            BinaryDecimal.write(payload, t.price());
            BinaryDecimal.write(payload, t.amount());
            prev = t.time();
            ByteSink j = json.begin();
            j.ascii("{\"id\":\"").write(id).ascii("\",\"time\":").decimal(t.time()).ascii(",\"price\":");
            BinaryDecimal.writeJsonString(j, t.price());
            j.ascii(",\"amount\":");
            BinaryDecimal.writeJsonString(j, t.amount());
            j.ascii(t.side() == Side.BUY ? ",\"side\":\"buy\"}" : ",\"side\":\"sell\"}");
            json.end();
        }
        return new SeriesChunk(start, end, times, json.build(), payload.toByteArray(), complete);
    }

    @Override
    public SeriesChunk decode(ByteBuffer buf) {
        byte[] payload = new byte[buf.remaining()];
        buf.duplicate().get(payload);
        ByteSource in = new ByteSource(buf);
        long start = in.zigzag();
        long end = start + in.varint();
        boolean complete = in.readByte() == 1;
        int n = in.varintInt("trade count", MAX_TRADES);
        long[] times = new long[n];
        Fragments.Builder json = new Fragments.Builder(n, n * 96);
        long t = start;
        for (int i = 0; i < n; i++) {
            t += in.varint();
            if (t >= end) {
                throw new CorruptValueException("trade time " + t + " beyond chunk end " + end);
            }
            times[i] = t;
            int idLen = in.varintInt("trade id length", 64);
            ByteSink j = json.begin();
            j.ascii("{\"id\":\"");
            for (int k = 0; k < idLen; k++) {
                int c = in.readByte();
                if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == ':' || c == '-') || c > 127) {
                    throw new CorruptValueException("trade id holds byte " + c);
                }
                j.write(c);
            }
            int side = in.readByte();
            j.ascii("\",\"time\":").decimal(t).ascii(",\"price\":");
            BinaryDecimal.readAsJsonString(in, j);
            j.ascii(",\"amount\":");
            BinaryDecimal.readAsJsonString(in, j);
            j.ascii(side == 0 ? ",\"side\":\"buy\"}" : ",\"side\":\"sell\"}");
            json.end();
        }
        if (in.remaining() != 0) {
            throw new CorruptValueException(in.remaining() + " trailing bytes after " + n + " trades");
        }
        return new SeriesChunk(start, end, times, json.build(), payload, complete);
    }

    /**
     * Whether a trade chunk whose span ends at {@code end} is complete at {@code nowMillis}, hence immutable: its
     * span ended {@code settleAfter} ago, so no late trade is still expected in it.
     */
    public static boolean completeAt(long end, Duration settleAfter, long nowMillis) {
        return end + settleAfter.toMillis() <= nowMillis;
    }

    /** The trades of a chunk as domain records. */
    public static List<Trade> trades(SeriesChunk chunk) {
        ByteSource in = new ByteSource(ByteBuffer.wrap(chunk.payload()));
        long start = in.zigzag();
        in.varint();
        in.readByte();
        int n = in.varintInt("trade count", MAX_TRADES);
        List<Trade> out = new ArrayList<>(n);
        long t = start;
        for (int i = 0; i < n; i++) {
            t += in.varint();
            byte[] id = new byte[in.varintInt("trade id length", 64)];
            for (int k = 0; k < id.length; k++) {
                id[k] = (byte) in.readByte();
            }
            Side side = in.readByte() == 0 ? Side.BUY : Side.SELL;
            out.add(new Trade(new String(id, StandardCharsets.US_ASCII), t, BinaryDecimal.read(in),
                    BinaryDecimal.read(in), side));
        }
        return out;
    }
}
