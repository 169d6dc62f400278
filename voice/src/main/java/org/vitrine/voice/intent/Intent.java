package org.vitrine.voice.intent;

/** What a shopper can ask the speaker. The id is used in results and Hermes topics (hermes/intent/&lt;name&gt;). */
public enum Intent {
  FIND_PRODUCT("find-product", "FindProduct"),
  SHOW_PRODUCTS("show-products", "ShowProducts"),
  CHECK_STOCK("check-stock", "CheckStock"),
  PRICE("price", "Price"),
  RECOMMEND("recommend", "Recommend"),
  ORDER_COFFEE("order-coffee", "OrderCoffee"),
  ORDER_DONE("order-done", "OrderDone"),
  ORDER_CANCEL("order-cancel", "OrderCancel"),
  AFFIRM("affirm", "Affirm"),
  DENY("deny", "Deny"),
  CALL_ASSISTANT("call-assistant", "CallAssistant"),
  OPENING_HOURS("opening-hours", "OpeningHours"),
  FIND_FACILITY("find-facility", "FindFacility"),
  HELP("help", "Help"),
  /** Understood, and not something the store does (weather, jokes, things it does not sell): answered, never acted on. */
  OUT_OF_SCOPE("out-of-scope", "OutOfScope"),
  /** Not understood well enough to act on: the speaker says it did not catch that. */
  UNKNOWN("unknown", "Unknown");

  private final String id;
  private final String hermesName;

  Intent(String id, String hermesName) {
    this.id = id;
    this.hermesName = hermesName;
  }

  /** Whether this is a request the store acts on or answers (not unknown, not out of scope). */
  public boolean inScope() {
    return this != UNKNOWN && this != OUT_OF_SCOPE;
  }

  public String id() {
    return id;
  }

  /** Name for Hermes payloads ("intentName") and topics, e.g. vitrine:FindProduct. */
  public String hermesName() {
    return "vitrine:" + hermesName;
  }
}
