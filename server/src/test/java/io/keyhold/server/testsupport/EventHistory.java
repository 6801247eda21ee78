package io.keyhold.server.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A server's whole event history read back as a replay reads it: the audit and replay contract
 * says every event stays readable, also after key material was shredded and HSM keys destroyed.
 * Import it into a test's context together with the property {@link EventReplayProbe#TRACKING}.
 */
@Import(EventReplayProbe.class)
public class EventHistory {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final EventReplayProbe probe;
    private final JdbcTemplate jdbc;

    public EventHistory(EventStore eventStore, EventProcessingConfiguration processing, EventReplayProbe probe,
                        JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.probe = probe;
        this.jdbc = jdbc;
    }

    /**
     * Streams every stored event from the beginning through Axon and deserializes its payload and
     * metadata; returns the payloads in order.
     */
    public List<Object> readEveryEvent() {
        long stored = storedEvents();
        List<Object> payloads = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable(2, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                Object payload = event.getPayload();
                assertThat(payload).as("payload of event %s", event.getIdentifier())
                        .isNotInstanceOf(UnknownSerializedType.class);
                assertThat(payload.getClass()).isEqualTo(event.getPayloadType());
                assertThat(event.getMetaData()).as("metadata of event %s", event.getIdentifier()).isNotNull();
                payloads.add(payload);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat((long) payloads.size()).as("events read back").isGreaterThanOrEqualTo(stored);
        return payloads;
    }

    /**
     * Resets the {@link EventReplayProbe}'s tracking processor to the start of the history and
     * waits until it has replayed every event stored before the reset, up to the reset position,
     * without an error.
     */
    public void replay() {
        StreamingEventProcessor processor = processor(EventReplayProbe.PROCESSING_GROUP);
        processor.shutDown();
        long stored = storedEvents();
        processor.resetTokens();
        processor.start();
        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertNoErrors(processor);
            assertThat(probe.replayed()).as("events replayed").isGreaterThanOrEqualTo(stored);
            // the token stays a replay token until an event after the reset position comes along
            assertThat(processor.processingStatus().values()).allSatisfy(status -> {
                assertThat(status.isCaughtUp()).isTrue();
                assertThat(status.getCurrentPosition().orElseThrow())
                        .isGreaterThanOrEqualTo(status.getResetPosition().orElse(0));
            });
        });
        assertThat(probe.unreadable()).isEmpty();
    }

    /** A tracking processor that has claimed its segments, is not stuck on an event, and is caught up. */
    public void assertCaughtUpWithoutErrors(String processorName) {
        StreamingEventProcessor processor = processor(processorName);
        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertNoErrors(processor);
            assertThat(processor.processingStatus().values()).allSatisfy(
                    status -> assertThat(status.isCaughtUp()).as("%s caught up", processorName).isTrue());
        });
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no tracking processor " + name));
    }

    private long storedEvents() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private static void assertNoErrors(StreamingEventProcessor processor) {
        assertThat(processor.isError()).as("%s in error", processor.getName()).isFalse();
        Collection<EventTrackerStatus> statuses = processor.processingStatus().values();
        assertThat(statuses).as("segments claimed by %s", processor.getName()).isNotEmpty();
        assertThat(statuses).allSatisfy(status -> assertThat(status.isErrorState())
                .as("%s: %s", processor.getName(), status.getError()).isFalse());
    }
}
