package io.keyhold.server.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The persistent deadline that completes a key's deletion fires after 7 to 30 days; tests make it
 * due now in db-scheduler's table, where its task data names the key id.
 */
public final class KeyDeletionDeadlines {

    private KeyDeletionDeadlines() {
    }

    public static void makeDue(JdbcTemplate jdbc, String keyId) {
        int due = jdbc.update("update scheduled_tasks set execution_time = now() where task_name = 'AxonDeadline' "
                + "and position(convert_to(?, 'UTF8') in task_data) > 0", keyId);
        assertThat(due).as("deletion deadlines of %s", keyId).isEqualTo(1);
    }
}
