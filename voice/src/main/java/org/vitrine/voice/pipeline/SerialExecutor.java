package org.vitrine.voice.pipeline;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in order, on a shared pool: one speaker's audio must be recognised in
 * order and by one thread at a time, while different speakers run in parallel.
 */
final class SerialExecutor implements Executor {

  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Executor pool;
  private Runnable active;

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(() -> {
      try {
        task.run();
      } finally {
        scheduleNext();
      }
    });
    if (active == null) {
      scheduleNext();
    }
  }

  private synchronized void scheduleNext() {
    active = tasks.poll();
    if (active != null) {
      pool.execute(active);
    }
  }
}
