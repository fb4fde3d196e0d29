package org.marketcache.marketdata.cache;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.marketcache.core.bytes.ByteSink;
import org.marketcache.core.bytes.ByteSource;
import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.core.bytes.Fragments;
import org.marketcache.core.codec.ValueCodec;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;

/**
 * Full order-book snapshot:
 * <pre>
 * varint(len) exchange varint(len) symbol zigzag(time) varint(sequence)
 * varint(bidCount) bidCount × [decimal(price) decimal(amount)]   best first
 * varint(askCount) askCount × [decimal(price) decimal(amount)]   best first
 * </pre>
 */
public final class OrderBookCodec implements ValueCodec<OrderBookView> {
    public static final byte TYPE = 4;
    public static final OrderBookCodec INSTANCE = new OrderBookCodec();

    @Override
    public byte typeId() {
        return TYPE;
    }

    @Override
    public void encode(OrderBookView value, ByteSink out) {
        out.write(value.payload());
    }

    public static OrderBookView build(Instrument instrument, OrderBook book) {
        ByteSink p = new ByteSink(64 + (book.bids().size() + book.asks().size()) * 12);
        TickerCodec.writeAscii(p, instrument.exchange().id());
        TickerCodec.writeAscii(p, instrument.symbol().toString());
        p.zigzag(book.time()).varint(book.sequence());
        writeSide(p, book.bids());
        writeSide(p, book.asks());
        return INSTANCE.decode(ByteBuffer.wrap(p.toByteArray()));
    }

    private static void writeSide(ByteSink p, List<PriceLevel> levels) {
        p.varint(levels.size());
        for (PriceLevel l : levels) {
            BinaryDecimal.write(p, l.price());
            BinaryDecimal.write(p, l.amount());
        }
    }

    @Override
    public OrderBookView decode(ByteBuffer buf) {
        byte[] payload = new byte[buf.remaining()];
        buf.get(payload);
        ByteSource in = new ByteSource(ByteBuffer.wrap(payload));
        ByteSink head = new ByteSink(128);
        head.ascii("{\"exchange\":\"");
        TickerCodec.copyAscii(in, head);
        head.ascii("\",\"symbol\":\"");
        TickerCodec.copyAscii(in, head);
        long time = in.zigzag();
        long sequence = in.varint();
        head.ascii("\",\"time\":").decimal(time).ascii(",\"sequence\":").decimal(sequence);
        Fragments bids = readSide(in);
        Fragments asks = readSide(in);
        if (in.remaining() != 0) {
            throw new CorruptValueException(in.remaining() + " trailing bytes after an order book");
        }
        return new OrderBookView(time, sequence, head.toByteArray(), bids, asks, payload);
    }

    private static Fragments readSide(ByteSource in) {
        int n = in.varintInt("order-book levels", OrderBook.MAX_LEVELS);
        Fragments.Builder b = new Fragments.Builder(n, n * 28);
        for (int i = 0; i < n; i++) {
            ByteSink j = b.begin();
            j.write('[');
            BinaryDecimal.readAsJsonString(in, j);
            j.write(',');
            BinaryDecimal.readAsJsonString(in, j);
            j.write(']');
            b.end();
        }
        return b.build();
    }

    /** The order book as a domain record (for tests and merges). */
    public static OrderBook orderBook(OrderBookView view) {
        ByteSource in = new ByteSource(ByteBuffer.wrap(view.payload()));
        in.skip(in.varintInt("identifier length", 64));
        in.skip(in.varintInt("identifier length", 64));
        long time = in.zigzag();
        long sequence = in.varint();
        return new OrderBook(time, sequence, levels(in), levels(in));
    }

    private static List<PriceLevel> levels(ByteSource in) {
        int n = in.varintInt("order-book levels", OrderBook.MAX_LEVELS);
        List<PriceLevel> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new PriceLevel(BinaryDecimal.read(in), BinaryDecimal.read(in)));
        }
        return out;
    }
}
