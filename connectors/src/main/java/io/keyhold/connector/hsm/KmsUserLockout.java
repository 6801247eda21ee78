package io.keyhold.connector.hsm;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * kmsuser's consecutive failed logins per cluster, and its lockout, as CloudHSM keeps them: in the
 * shared database, so every node and every restart sees the same count. CloudHSM locks a user
 * after five failed logins in a row and only an officer who resets the password unlocks it; here
 * an operator calls {@link #unlock}. A cluster without a row has no failed login.
 */
public class KmsUserLockout {

    /** CloudHSM locks a user out at this many consecutive failed logins. */
    public static final int FAILED_LOGINS_BEFORE_LOCKOUT = 5;

    /** kmsuser's standing on one cluster. */
    public record Status(int failedLogins, boolean locked) {
    }

    private final JdbcClient jdbc;
    /** Its own transaction: a count must survive whatever work of the caller rolls back. */
    private final TransactionTemplate transactions;

    public KmsUserLockout(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public Status status(String clusterId) {
        return jdbc.sql("select failed_logins, locked_at from kmsuser_lockout where cluster_id = ?")
                .param(clusterId)
                .query((rs, row) -> new Status(rs.getInt(1), rs.getTimestamp(2) != null))
                .optional()
                .orElse(new Status(0, false));
    }

    public boolean isLocked(String clusterId) {
        return status(clusterId).locked();
    }

    /**
     * Counts one more failed login and locks kmsuser at the fifth in a row. The update holds the
     * row until the count is read back, so of concurrent failures each sees its own count and
     * exactly one is the fifth.
     *
     * @return whether kmsuser is locked out now
     */
    public boolean recordFailedLogin(String clusterId) {
        ensureRow(clusterId);
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            jdbc.sql("update kmsuser_lockout set failed_logins = failed_logins + 1, locked_at = case "
                            + "when locked_at is null and failed_logins + 1 >= ? then current_timestamp "
                            + "else locked_at end where cluster_id = ?")
                    .params(FAILED_LOGINS_BEFORE_LOCKOUT, clusterId)
                    .update();
            return status(clusterId).locked();
        }));
    }

    /** A successful login ends the run of failures; it cannot lift a lock. */
    public void recordSuccessfulLogin(String clusterId) {
        transactions.executeWithoutResult(tx -> jdbc.sql("update kmsuser_lockout set failed_logins = 0 "
                        + "where cluster_id = ? and failed_logins > 0 and locked_at is null")
                .param(clusterId)
                .update());
    }

    /** What a crypto officer's password reset does for a locked-out CloudHSM user. */
    public void unlock(String clusterId) {
        transactions.executeWithoutResult(tx -> jdbc.sql("delete from kmsuser_lockout where cluster_id = ?")
                .param(clusterId)
                .update());
    }

    /** In a transaction of its own: on PostgreSQL a failed insert would spoil the one that counts. */
    private void ensureRow(String clusterId) {
        if (jdbc.sql("select count(*) from kmsuser_lockout where cluster_id = ?").param(clusterId)
                .query(Integer.class).single() > 0) {
            return;
        }
        try {
            transactions.executeWithoutResult(tx -> jdbc.sql(
                            "insert into kmsuser_lockout (cluster_id, failed_logins, locked_at) values (?, 0, null)")
                    .param(clusterId)
                    .update());
        } catch (DuplicateKeyException concurrentFirstFailure) {
            // another node or thread counted the first failure of the run at the same time: the row is there
        }
    }
}
