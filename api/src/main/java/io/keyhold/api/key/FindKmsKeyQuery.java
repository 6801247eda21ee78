package io.keyhold.api.key;

/**
 * One key of {@code accountId} by key id, key ARN, alias name ({@code alias/...}) or alias ARN;
 * answers {@link KmsKeyView} or null. Key ARNs of other accounts are looked up as given (issue 6
 * decides who may use them); deleted keys are not found.
 */
public record FindKmsKeyQuery(String accountId, String keyIdentifier) {
}
