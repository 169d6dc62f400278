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
  CALL_ASSISTANT("call-assistant", "CallAssistant"),
  OPENING_HOURS("opening-hours", "OpeningHours"),
  HELP("help", "Help"),
  UNKNOWN("unknown", "Unknown");

  private final String id;
  private final String hermesName;

  Intent(String id, String hermesName) {
    this.id = id;
    this.hermesName = hermesName;
  }

  public String id() {
    return id;
  }

  /** Name for Hermes payloads ("intentName") and topics, e.g. vitrine:FindProduct. */
  public String hermesName() {
    return "vitrine:" + hermesName;
  }
}
