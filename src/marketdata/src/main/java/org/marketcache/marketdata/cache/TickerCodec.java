package org.marketcache.marketdata.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.marketcache.core.bytes.ByteSink;
import org.marketcache.core.bytes.ByteSource;
import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.core.codec.ValueCodec;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Ticker;

/**
 * Latest ticker: {@code varint(len) exchange varint(len) symbol zigzag(time) decimal(bid, ask, last, volume24h)}.
 * The instrument is stored so the decoded value carries its whole response.
 */
public final class TickerCodec implements ValueCodec<TickerView> {
    public static final byte TYPE = 3;
    public static final TickerCodec INSTANCE = new TickerCodec();

    @Override
    public byte typeId() {
        return TYPE;
    }

    @Override
    public void encode(TickerView value, ByteSink out) {
        out.write(value.payload());
    }

    public static TickerView build(Instrument instrument, Ticker t) {
        ByteSink p = new ByteSink(96);
        writeAscii(p, instrument.exchange().id());
        writeAscii(p, instrument.symbol().toString());
        p.zigzag(t.time());
        BinaryDecimal.write(p, t.bid());
        BinaryDecimal.write(p, t.ask());
        BinaryDecimal.write(p, t.last());
        BinaryDecimal.write(p, t.volume24h());
        byte[] payload = p.toByteArray();
        return new TickerView(t.time(), render(ByteBuffer.wrap(payload)), payload);
    }

    @Override
    public TickerView decode(ByteBuffer buf) {
        byte[] payload = new byte[buf.remaining()];
        buf.get(payload);
        byte[] json = render(ByteBuffer.wrap(payload));
        ByteSource in = new ByteSource(ByteBuffer.wrap(payload));
        in.skip(in.varintInt("identifier length", 64));
        in.skip(in.varintInt("identifier length", 64));
        long time = in.zigzag();
        return new TickerView(time, json, payload);
    }

    /** The ticker as a domain record (for writing it to the source and for tests). */
    public static Ticker ticker(TickerView view) {
        ByteSource in = new ByteSource(ByteBuffer.wrap(view.payload()));
        in.skip(in.varintInt("identifier length", 64));
        in.skip(in.varintInt("identifier length", 64));
        long time = in.zigzag();
        return new Ticker(time, BinaryDecimal.read(in), BinaryDecimal.read(in), BinaryDecimal.read(in),
                BinaryDecimal.read(in));
    }

    private static byte[] render(ByteBuffer payload) {
        ByteSource in = new ByteSource(payload);
        ByteSink j = new ByteSink(192);
        j.ascii("{\"exchange\":\"");
        copyAscii(in, j);
        j.ascii("\",\"symbol\":\"");
        copyAscii(in, j);
        j.ascii("\",\"time\":").decimal(in.zigzag()).ascii(",\"bid\":");
        BinaryDecimal.readAsJsonString(in, j);
        j.ascii(",\"ask\":");
        BinaryDecimal.readAsJsonString(in, j);
        j.ascii(",\"last\":");
        BinaryDecimal.readAsJsonString(in, j);
        j.ascii(",\"volume24h\":");
        BinaryDecimal.readAsJsonString(in, j);
        j.write('}');
        if (in.remaining() != 0) {
            throw new CorruptValueException(in.remaining() + " trailing bytes after a ticker");
        }
        return j.toByteArray();
    }

    static void writeAscii(ByteSink out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.varint(b.length).write(b);
    }

    /** Copies an identifier (exchange id or symbol, validated to a JSON-safe alphabet when written). */
    static void copyAscii(ByteSource in, ByteSink out) {
        int n = in.varintInt("identifier length", 64);
        for (int i = 0; i < n; i++) {
            int c = in.readByte();
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                throw new CorruptValueException("identifier holds byte " + c);
            }
            out.write(c);
        }
    }
}
