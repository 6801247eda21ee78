package io.keyhold.server.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.serialization.UnknownSerializedType;

/**
 * A tracking processor that handles every event and may be replayed. Keyhold's own tracking
 * processors for key events have side effects and refuse a reset ({@code @DisallowReplay}), so
 * tests replay the history through this one. {@link EventHistory} brings it into a test's
 * context, which must set {@link #TRACKING}.
 */
@ProcessingGroup(EventReplayProbe.PROCESSING_GROUP)
public class EventReplayProbe {

    public static final String PROCESSING_GROUP = "test-event-replay";
    public static final String TRACKING = "axon.eventhandling.processors." + PROCESSING_GROUP + ".mode=tracking";

    private final AtomicLong replayed = new AtomicLong();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();

    @EventHandler
    public void on(EventMessage<?> event, ReplayStatus status) {
        if (event.getPayload() instanceof UnknownSerializedType unknown) {
            unreadable.add(event.getIdentifier() + ": " + unknown.serializedType().getName());
        }
        if (status.isReplay()) {
            replayed.incrementAndGet();
        }
    }

    @ResetHandler
    public void onReset() {
        replayed.set(0);
        unreadable.clear();
    }

    /** Events handled as a replay since the last reset. */
    public long replayed() {
        return replayed.get();
    }

    /** Events whose payload type no class on the classpath matches. */
    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }
}
