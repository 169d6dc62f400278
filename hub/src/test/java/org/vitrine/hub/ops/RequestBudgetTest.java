package org.vitrine.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestBudgetTest {

  @Test
  void aBurstUpToTheRateThenOneRequestPerRefillPerAddress() {
    AtomicLong now = new AtomicLong(0);
    RequestBudget budget = new RequestBudget(6, now::get); // 6 a minute: one every 10 s
    for (int i = 0; i < 6; i++) {
      assertThat(budget.take("10.0.0.7")).isZero();
    }
    assertThat(budget.take("10.0.0.7")).isEqualTo(10_000);
    assertThat(budget.take("10.0.0.8")).as("another address has its own budget").isZero();
    now.addAndGet(4_000);
    assertThat(budget.take("10.0.0.7")).isEqualTo(6_000);
    now.addAndGet(6_000);
    assertThat(budget.take("10.0.0.7")).isZero();
    assertThat(budget.take("10.0.0.7")).isEqualTo(10_000);
    now.addAndGet(3_600_000);
    for (int i = 0; i < 6; i++) {
      assertThat(budget.take("10.0.0.7")).as("refilled to the burst, not beyond").isZero();
    }
    assertThat(budget.take("10.0.0.7")).isPositive();
  }
}
