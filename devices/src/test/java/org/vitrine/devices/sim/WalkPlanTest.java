package org.vitrine.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WalkPlanTest {

    private static final List<String> ZONES = List.of("entrance", "cafe", "apparel", "footwear", "checkout");
    private static final List<String> AISLES = List.of("cafe", "apparel", "footwear");
    private static final List<String> SHOPPERS = List.of("anna", "ben", "chloe", "david");

    @Test
    void theSameSeedGivesTheSameWalks() {
        // GIVEN two plans built alike with the same seed, and one with another seed
        WalkPlan first = new WalkPlan(ZONES, SHOPPERS, WalkSettings.defaults(), 42);
        WalkPlan second = new WalkPlan(ZONES, SHOPPERS, WalkSettings.defaults(), 42);
        WalkPlan other = new WalkPlan(ZONES, SHOPPERS, WalkSettings.defaults(), 43);

        // WHEN each plans 100 walkers
        List<Walk> a = take(first, 100);
        List<Walk> b = take(second, 100);
        List<Walk> c = take(other, 100);

        // THEN the same seed replays exactly, another seed does not (track ids included)
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        assertThat(c.get(0).track()).isNotEqualTo(a.get(0).track());
    }

    @Test
    void everyWalkGoesFromTheEntranceThroughSomeAislesToTheCheckout() {
        // GIVEN a plan over the demo store's zones
        WalkPlan plan = new WalkPlan(ZONES, SHOPPERS, WalkSettings.defaults(), 7);

        // WHEN it plans 500 walkers
        List<Walk> walks = take(plan, 500);

        // THEN each starts at the entrance, ends at the checkout, visits 1..3 distinct aisles
        // in between and never a zone the store does not have
        assertThat(walks).allSatisfy(walk -> {
            List<String> zones = walk.zones();
            assertThat(zones.get(0)).isEqualTo("entrance");
            assertThat(zones.get(zones.size() - 1)).isEqualTo("checkout");
            List<String> middle = zones.subList(1, zones.size() - 1);
            assertThat(middle).isNotEmpty().doesNotHaveDuplicates().isSubsetOf(AISLES);
            assertThat(ZONES).containsAll(zones);
        });
        // AND over many walkers every aisle gets visitors, in varying order
        assertThat(walks.stream().flatMap(w -> w.zones().stream()).distinct()).containsExactlyInAnyOrderElementsOf(ZONES);
        assertThat(walks.stream().map(Walk::zones).distinct().count()).isGreaterThan(10);
    }

    @Test
    void withoutZonesNamedEntranceAndCheckoutTheFirstAndLastZoneAreUsed() {
        // GIVEN a store whose zones have other names
        WalkPlan plan = new WalkPlan(List.of("door", "shelves", "tills"), List.of(), WalkSettings.defaults(), 1);

        // WHEN it plans walkers
        List<Walk> walks = take(plan, 20);

        // THEN they walk door → shelves → tills
        assertThat(walks).allSatisfy(w -> assertThat(w.zones()).containsExactly("door", "shelves", "tills"));
        assertThat(plan.entrance()).isEqualTo("door");
        assertThat(plan.checkout()).isEqualTo("tills");
    }

    @Test
    void dwellTimesAndArrivalGapsStayWithinTheSettings() {
        // GIVEN the default pace and the same store played 40 times faster
        for (WalkSettings settings : List.of(WalkSettings.defaults(), WalkSettings.defaults().faster(40))) {
            WalkPlan plan = new WalkPlan(ZONES, SHOPPERS, settings, 99);

            // WHEN 300 walkers are planned
            List<Walk> walks = take(plan, 300);

            // THEN every stay is within [minDwell, maxDwell] and every gap within [minGap, maxGap]
            long minDwell = settings.minDwell().toMillis();
            long maxDwell = settings.maxDwell().toMillis();
            assertThat(walks).flatMap(Walk::stops)
                    .allSatisfy(stop -> assertThat(stop.dwellMs()).isBetween(minDwell, maxDwell));
            assertThat(walks.get(0).startAtMs()).isZero();
            IntStream.range(1, walks.size()).forEach(i -> assertThat(walks.get(i).startAtMs() - walks.get(i - 1).startAtMs())
                    .isBetween(settings.minGap().toMillis(), settings.maxGap().toMillis()));
        }
        // AND the fast pace really is faster: 8–25 s becomes 200–625 ms
        WalkSettings fast = WalkSettings.defaults().faster(40);
        assertThat(fast.minDwell().toMillis()).isEqualTo(200);
        assertThat(fast.maxDwell().toMillis()).isEqualTo(625);
    }

    @Test
    void onlyAFewRecognisedShoppersAreInTheStoreAtOnceAndNeverTwiceTheSame() {
        // GIVEN a plan allowing two recognised shoppers at a time
        WalkPlan plan = new WalkPlan(ZONES, SHOPPERS, WalkSettings.defaults(), 3);

        // WHEN it plans 400 walkers
        List<Walk> walks = take(plan, 400);

        // THEN at every arrival at most two recognised shoppers are walking, none of them twice
        List<Walk> recognised = walks.stream().filter(Walk::recognised).toList();
        for (Walk arrival : walks) {
            List<Walk> inStore = recognised.stream()
                    .filter(w -> w.startAtMs() <= arrival.startAtMs() && arrival.startAtMs() < w.endAtMs())
                    .toList();
            assertThat(inStore).hasSizeLessThanOrEqualTo(2);
            assertThat(inStore.stream().map(Walk::shopper)).doesNotHaveDuplicates();
        }
        // AND everybody gets turns, with anonymous visitors in between
        assertThat(recognised.stream().map(Walk::shopper).distinct()).containsExactlyInAnyOrderElementsOf(SHOPPERS);
        assertThat(walks.size() - recognised.size()).isGreaterThan(recognised.size());
    }

    @Test
    void anonymousVisitorsGetFreshTracksAndNoShopperId() {
        // GIVEN a plan
        WalkPlan plan = new WalkPlan(ZONES, SHOPPERS, WalkSettings.defaults(), 11);

        // WHEN it plans 300 walkers
        List<Walk> walks = take(plan, 300);

        // THEN every walker has its own short track id; anonymous ones carry no shopper id and a
        // lower confidence than recognised ones
        Set<String> tracks = new HashSet<>();
        assertThat(walks).allSatisfy(w -> {
            assertThat(tracks.add(w.track())).as("track %s is fresh", w.track()).isTrue();
            assertThat(w.track()).hasSizeLessThanOrEqualTo(64);
            assertThat(w.confidence()).isBetween(0.0, 1.0);
        });
        assertThat(walks).filteredOn(w -> !w.recognised())
                .isNotEmpty()
                .allSatisfy(w -> {
                    assertThat(w.shopper()).isNull();
                    assertThat(w.label()).startsWith("visitor-");
                    assertThat(w.confidence()).isLessThan(0.80);
                });
        assertThat(walks).filteredOn(Walk::recognised)
                .allSatisfy(w -> assertThat(w.confidence()).isGreaterThanOrEqualTo(0.80));
    }

    @Test
    void theFirstPassWalksEveryDemoShopperExactlyOnce() {
        // GIVEN a plan
        WalkPlan plan = new WalkPlan(ZONES, SHOPPERS, WalkSettings.defaults(), 5);

        // WHEN the --once pass is planned
        List<Walk> pass = plan.firstPass();

        // THEN each demo shopper walks exactly once, and the pass ends with the last of them
        assertThat(pass.stream().filter(Walk::recognised).map(Walk::shopper))
                .containsExactlyInAnyOrderElementsOf(SHOPPERS);
        assertThat(pass.get(pass.size() - 1).recognised()).isTrue();
        // AND a store without demo shoppers still gets one visitor
        assertThat(new WalkPlan(ZONES, List.of(), WalkSettings.defaults(), 5).firstPass()).hasSize(1);
    }

    private static List<Walk> take(WalkPlan plan, int count) {
        return IntStream.range(0, count).mapToObj(i -> plan.next()).toList();
    }
}
