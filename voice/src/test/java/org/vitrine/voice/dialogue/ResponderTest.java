package org.vitrine.voice.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vitrine.voice.TestSupport;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.intent.IntentParser;

/** Replies from text, with a real catalogue and session: what the shopper hears. */
class ResponderTest {

  private final ProductCatalog catalog = TestSupport.catalog();
  private final IntentParser parser = new IntentParser(catalog);
  private final Responder responder = new Responder(catalog);
  private final DialogueSession session = new DialogueSession();

  private Reply ask(String text, String zone, Shopper shopper) {
    return responder.respond(parser.parse(text), session,
        new Responder.Context("speaker-" + zone, zone, Optional.ofNullable(shopper), 1_764_000_000_000L));
  }

  private Reply ask(String text) {
    return ask(text, "apparel", null);
  }

  @Test
  void findGivesZoneAndDirections() {
    Reply r = ask("where can I find running shoes");
    assertThat(r.text()).isEqualTo("You'll find running shoes in Footwear, at the back of the store, behind apparel.");
    assertThat(r.slots()).containsEntry("zone", "footwear");
    assertThat(r.actions()).containsExactly(new Action.ShowDirections("apparel", "footwear",
        List.of("trail-runner-x", "road-racer")));
    assertThat(ask("where can I find red dresses", "apparel", null).text()).contains("right here in Apparel");
  }

  @Test
  void showListsMatchingProductsForTheNearestScreen() {
    Reply r = ask("show me red dresses");
    assertThat(r.text()).isEqualTo("Here are our red dresses: the Summer Wrap Dress at 79 euros and the Evening Dress "
        + "at 119 euros, right here in Apparel.");
    assertThat(r.actions()).containsExactly(new Action.ShowProducts("apparel",
        List.of("summer-wrap-dress", "evening-dress"), "Red dresses"));
    assertThat(ask("show me green dresses").text())
        .isEqualTo("Sorry, we have no green dresses. We have dresses in red, yellow, black, white and blue.");
  }

  @Test
  void stockQuestionsUseWhatWasJustDiscussed() {
    ask("how much is the trail runner");
    assertThat(ask("do you have these in size nine").text())
        .isEqualTo("Sorry, the Trail Runner X is sold out in size 9. We have sizes 7, 8, 10 and 11.");
    assertThat(ask("do you have these in size ten").text())
        .isEqualTo("Yes, we have the Trail Runner X in size 10: 3 left, in Footwear, at the back of the store, "
            + "behind apparel.");
    ask("where can I find running shoes");
    assertThat(ask("do you have these in size nine").text())
        .isEqualTo("In size 9 we have the Road Racer. The Trail Runner X is sold out in that size.");
    assertThat(ask("do you have the summer wrap dress in size medium").text()).startsWith("Yes, we have the Summer "
        + "Wrap Dress in size medium: 3 left");
    assertThat(new ResponderTest().ask("do you have these in size nine").text()).startsWith("Which product do you mean?");
  }

  @Test
  void prices() {
    assertThat(ask("how much is the trail runner").text()).isEqualTo("The Trail Runner X is 129 euros.");
    assertThat(ask("how much is a large latte").text()).isEqualTo("A large Latte is 4 euros 40.");
    assertThat(ask("how much is a latte").text())
        .isEqualTo("A Latte is 3 euros 40 small, 3 euros 90 medium and 4 euros 40 large.");
    assertThat(ask("how much are the running shoes").text()).isEqualTo("Our running shoes cost from 129 euros to 149 euros.");
  }

  @Test
  void recommendationsAreForTheShopperStandingThere() {
    Shopper anna = new Shopper("anna", "Anna", List.of("running", "coffee", "sportswear"));
    Reply forAnna = ask("what do you recommend for me", "footwear", anna);
    assertThat(forAnna.text()).isEqualTo("Anna, as you like running, I'd recommend the Trail Runner X at 129 euros in "
        + "Footwear and the Road Racer at 149 euros in Footwear.");
    assertThat(forAnna.slots()).containsEntry("shopper", "anna");
    Reply generic = ask("what do you recommend for me", "footwear", null);
    assertThat(generic.text()).startsWith("Our favourites right now are the Trail Runner X");
  }

  @Test
  void anOrderIsReadBackAndPlacedOnlyAfterYes() {
    Reply asked = ask("a large latte please", "cafe", null);
    assertThat(asked.text()).isEqualTo("One large latte, is that right?");
    assertThat(asked.actions()).isEmpty();
    assertThat(asked.awaitsAnswer()).isTrue();
    Reply done = ask("yes please", "cafe", null);
    assertThat(done.text()).isEqualTo("Thank you! Your order: one large latte, 4 euros 40 in total. "
        + "It will be ready at the Tao Cafe counter.");
    Order order = ((Action.PlaceOrder) done.actions().get(0)).order();
    assertThat(order.lines()).extracting(OrderLine::product, OrderLine::size, OrderLine::quantity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("latte", "large", 1));
    assertThat(order.total()).isEqualByComparingTo("4.40");
    assertThat(order.zone()).isEqualTo("cafe");
    assertThat(session.orderOpen()).isFalse();
    // a second "yes" has nothing to confirm: no second order
    assertThat(ask("yes", "cafe", null).actions()).isEmpty();
  }

  @Test
  void noToTheReadBackOrdersNothing() {
    ask("two small cappuccinos please", "cafe", null);
    Reply no = ask("no", "cafe", null);
    assertThat(no.actions()).isEmpty();
    assertThat(no.text()).isEqualTo("OK, I won't order that. What would you like instead?");
    assertThat(session.orderOpen()).isFalse();
    assertThat(ask("yes", "cafe", null).actions()).isEmpty();
  }

  @Test
  void aRepairChangesTheLineBeingConfirmed() {
    assertThat(ask("a large latte please", "cafe", null).text()).isEqualTo("One large latte, is that right?");
    Reply drink = ask("no a cappuccino", "cafe", null);
    assertThat(drink.actions()).isEmpty();
    assertThat(drink.text()).isEqualTo("One large cappuccino, is that right?");
    assertThat(ask("no make it two", "cafe", null).text()).isEqualTo("Two large cappuccinos, is that right?");
    Reply done = ask("yes", "cafe", null);
    Order order = ((Action.PlaceOrder) done.actions().get(0)).order();
    assertThat(order.lines()).extracting(OrderLine::product, OrderLine::size, OrderLine::quantity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cappuccino", "large", 2));
  }

  @Test
  void silenceAfterTheQuestionAsksOnceMoreThenDropsTheOrder() {
    ask("a small tea please", "cafe", null);
    Responder.Context ctx = new Responder.Context("speaker-cafe", "cafe", Optional.empty(), 1_764_000_000_000L);
    Reply again = responder.noAnswer(session, ctx);
    assertThat(again.text()).isEqualTo("Sorry, I didn't hear you. One small tea, is that right?");
    assertThat(again.actions()).isEmpty();
    Reply dropped = responder.noAnswer(session, ctx);
    assertThat(dropped.text()).isEqualTo("I haven't ordered anything. Ask me again whenever you like.");
    assertThat(dropped.actions()).isEmpty();
    assertThat(session.orderOpen()).isFalse();
    assertThat(ask("yes", "cafe", null).actions()).isEmpty();
  }

  @Test
  void aMumbleWhileAnOrderWaitsIsNotAYes() {
    ask("a large latte please", "cafe", null);
    Reply mumble = responder.respond(new org.vitrine.voice.intent.Reading(parser.parse("yes"), 0.3, "grammar", "yes",
        "test"), session, new Responder.Context("speaker-cafe", "cafe", Optional.empty(), 1_764_000_000_000L));
    assertThat(mumble.actions()).isEmpty();
    assertThat(mumble.text()).isEqualTo("Sorry, I didn't catch that. One large latte, is that right?");
    assertThat(session.orderOpen()).isTrue();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"what's the weather like", "tell me a joke",
      "do you sell laptops", "is the pharmacy open", "how are you today", "where can i get a taxi",
      "sing me a song", "who won the football"})
  void outOfScopeGetsAnHonestAnswerAndNoAction(String text) {
    Reply r = ask(text, "apparel", null);
    assertThat(r.actions()).as(text).isEmpty();
    assertThat(r.text()).as(text).startsWith("Sorry");
    assertThat(r.awaitsAnswer()).isFalse();
  }

  @Test
  void orderCanBeCancelledAndSessionsExpire() {
    ask("two small cappuccinos please", "cafe", null);
    assertThat(session.orderLines()).hasSize(1);
    assertThat(session.orderLines().get(0).quantity()).isEqualTo(2);
    assertThat(ask("cancel my order", "cafe", null).text()).isEqualTo("OK, I've cancelled your order.");
    ask("a small espresso please", "cafe", null);
    session.expireIfIdle(1_000, 90_000);
    session.expireIfIdle(200_000, 90_000);
    assertThat(session.orderOpen()).isFalse();
  }

  @Test
  void staffHoursHelp() {
    Reply call = ask("call an assistant", "footwear", null);
    assertThat(call.text()).isEqualTo("I've called an assistant. Someone will come to you in Footwear shortly.");
    assertThat(call.actions()).containsExactly(new Action.CallAssistant("footwear", "speaker-footwear"));
    assertThat(ask("what are your opening hours").text())
        .isEqualTo("We are open Monday to Saturday from 9 am to 8 pm and Sunday from 10 am to 6 pm.");
    assertThat(ask("help").text()).isEqualTo(Responder.HELP);
    assertThat(ask("the weather is nice").text()).isEqualTo(Responder.OUT_OF_SCOPE);
    assertThat(ask("zip blah").text()).isEqualTo(Responder.NOT_UNDERSTOOD);
  }
}
