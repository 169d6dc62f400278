package org.vitrine.hub.voice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.VoiceOrder;
import org.vitrine.hub.ops.Counters;
import org.vitrine.voice.dialogue.Order;
import org.vitrine.voice.dialogue.OrderLine;

/**
 * The cafe's order board: confirmed spoken orders, newest first, on the zone's order-board screens
 * and in Redis (a restarted hub still shows the orders being prepared). Event-loop only.
 */
final class OrderBoard {

  private static final Logger LOG = LoggerFactory.getLogger(OrderBoard.class);
  static final int ORDER_BOARD_SECONDS = 600;
  static final int ORDERS_ON_BOARD = 6;

  private final Vertx vertx;
  private final OrderBoardStore store;
  private final AnswerScreens screens;
  private final Counters counters;
  private final Map<String, Deque<ContentItem.Order>> boards = new HashMap<>();

  OrderBoard(Vertx vertx, OrderBoardStore store, AnswerScreens screens, Counters counters) {
    this.vertx = vertx;
    this.store = store;
    this.screens = screens;
    this.counters = counters;
  }

  /** The boards as stored; a Redis failure starts them empty rather than stopping the speakers. */
  Future<Void> load() {
    return store.load().map(stored -> {
      stored.forEach((zone, json) -> boards.put(zone,
          new ArrayDeque<>(List.of(Json.read(json, ContentItem.Order[].class)))));
      return (Void) null;
    }).recover(e -> {
      LOG.warn("speakers: order boards not loaded ({}): they start empty", e.toString());
      return Future.succeededFuture();
    });
  }

  void add(Order o, ScreenCommand.Reason why) {
    List<String> lines = new ArrayList<>();
    List<VoiceOrder.Line> eventLines = new ArrayList<>();
    for (OrderLine l : o.lines()) {
      lines.add(l.quantity() + " × " + (l.size() == null ? "" : l.size() + " ") + l.name());
      eventLines.add(new VoiceOrder.Line(l.product(), l.name(), l.size(), l.quantity(), money(l.total())));
    }
    String total = money(o.total());
    Deque<ContentItem.Order> board = boards.computeIfAbsent(o.zone(), z -> new ArrayDeque<>());
    board.addFirst(new ContentItem.Order(o.id(), lines, total, o.currency(), o.confirmedAt()));
    while (board.size() > ORDERS_ON_BOARD) {
      board.removeLast();
    }
    ContentItem item = new ContentItem(screens.contentId("orders"), ContentItem.ORDERS, "Orders", null, null, null,
        "Order " + o.id() + " is being prepared", null, null, List.copyOf(board));
    // the board survives a restart (orders of the day, no shopper in them)
    store.save(o.zone(), Json.write(board)).onFailure(e -> LOG.warn("order board not saved: {}", e.toString()));
    screens.play(o.zone(), true, item, ORDER_BOARD_SECONDS, why);
    vertx.eventBus().publish(Addresses.VOICE_ORDER, new VoiceOrder(o.id(), o.siteId(), o.zone(), eventLines, total,
        o.currency(), o.confirmedAt()));
    counters.increment("voice.orders");
  }

  private static String money(BigDecimal amount) {
    return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
