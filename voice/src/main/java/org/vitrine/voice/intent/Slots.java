package org.vitrine.voice.intent;

/** Slot names, shared by the parser, the grammar phrasings and the replies. */
public final class Slots {

  /** Product id ("trail-runner-x"). */
  public static final String PRODUCT = "product";
  /** Category as spoken, plural ("running shoes"). */
  public static final String CATEGORY = "category";
  public static final String COLOUR = "colour";
  /** Size as heard: numbers as digits ("9", "9.5"), others as words ("medium", "large"). */
  public static final String SIZE = "size";
  /** Orderable product id ("latte"). */
  public static final String DRINK = "drink";
  public static final String QUANTITY = "quantity";
  /** Zone id ("footwear"): the zone asked about, or where the answer points. */
  public static final String ZONE = "zone";
  /** Facility id ("toilets", "fitting-rooms"). */
  public static final String FACILITY = "facility";

  private Slots() {
  }
}
