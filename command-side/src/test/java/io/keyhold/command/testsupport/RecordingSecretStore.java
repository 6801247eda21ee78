package io.keyhold.command.testsupport;

import io.keyhold.command.secret.SecretStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory SecretStore handing out the references "ref-1", "ref-2", … in call order. */
public final class RecordingSecretStore implements SecretStore {

    public record Put(String storeId, String plaintext, String ref) {
    }

    private record Stored(String storeId, String plaintext) {
    }

    private final Map<String, Stored> secrets = new LinkedHashMap<>();
    private final List<Put> puts = new ArrayList<>();
    private int next = 1;

    /** Stores a secret under a chosen reference without recording a put (for given-state). */
    public RecordingSecretStore preload(String ref, String storeId, String plaintext) {
        secrets.put(ref, new Stored(storeId, plaintext));
        return this;
    }

    @Override
    public synchronized String put(String storeId, String plaintext) {
        String ref = "ref-" + next++;
        secrets.put(ref, new Stored(storeId, plaintext));
        puts.add(new Put(storeId, plaintext, ref));
        return ref;
    }

    @Override
    public synchronized String reveal(String ref) {
        Stored stored = secrets.get(ref);
        if (stored == null) {
            throw new IllegalStateException("no secret under " + ref);
        }
        return stored.plaintext();
    }

    @Override
    public synchronized void retainOnly(String storeId, String ref) {
        secrets.entrySet().removeIf(e -> e.getValue().storeId().equals(storeId) && !e.getKey().equals(ref));
    }

    @Override
    public synchronized void deleteAll(String storeId) {
        secrets.values().removeIf(s -> s.storeId().equals(storeId));
    }

    public synchronized List<Put> puts() {
        return List.copyOf(puts);
    }
}
