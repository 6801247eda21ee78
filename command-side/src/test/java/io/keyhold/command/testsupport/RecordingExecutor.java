package io.keyhold.command.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Holds submitted tasks until the test runs them, on the test thread. */
public final class RecordingExecutor implements Executor {

    private final List<Runnable> pending = new ArrayList<>();
    private int submitted;

    @Override
    public synchronized void execute(Runnable task) {
        pending.add(task);
        submitted++;
    }

    public synchronized int submitted() {
        return submitted;
    }

    public void runAll() {
        List<Runnable> tasks;
        synchronized (this) {
            tasks = List.copyOf(pending);
            pending.clear();
        }
        tasks.forEach(Runnable::run);
    }
}
