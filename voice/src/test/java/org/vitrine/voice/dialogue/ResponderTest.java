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
  void coffeeOrderIsAShortDialogue() {
    assertThat(ask("a large latte please", "cafe", null).text()).isEqualTo("One large latte. Anything else?");
    assertThat(ask("and a tea", "cafe", null).text())
        .isEqualTo("What size would you like your tea: small, medium or large?");
    assertThat(ask("small please", "cafe", null).text()).isEqualTo("One small tea. Anything else?");
    Reply done = ask("no that's all", "cafe", null);
    assertThat(done.text()).isEqualTo("Thank you! Your order: one large latte and one small tea, 6 euros 90 in total. "
        + "It will be ready at the Tao Cafe counter.");
    Order order = ((Action.PlaceOrder) done.actions().get(0)).order();
    assertThat(order.lines()).extracting(OrderLine::product, OrderLine::size).containsExactly(
        org.assertj.core.groups.Tuple.tuple("latte", "large"), org.assertj.core.groups.Tuple.tuple("tea", "small"));
    assertThat(order.total()).isEqualByComparingTo("6.90");
    assertThat(order.zone()).isEqualTo("cafe");
    assertThat(session.orderOpen()).isFalse();
    assertThat(ask("no that's all", "cafe", null).actions()).isEmpty();
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
    assertThat(ask("the weather is nice").text()).isEqualTo(Responder.NOT_UNDERSTOOD);
  }
}
