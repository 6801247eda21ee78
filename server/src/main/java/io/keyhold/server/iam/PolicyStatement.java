package io.keyhold.server.iam;

import java.util.List;

/**
 * One statement. Principal is only set in key policies; Action/NotAction and Resource/NotResource
 * are alternatives, flagged by {@code notAction} and {@code notResource}.
 */
record PolicyStatement(String sid, Effect effect, Principals principals, boolean notPrincipal,
                       List<String> actions, boolean notAction, List<String> resources, boolean notResource,
                       List<PolicyCondition> conditions) {

    PolicyStatement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    /** Action, resource and every condition match; the principal is the caller's business. */
    boolean covers(AccessRequest request) {
        boolean action = actions.stream().anyMatch(pattern -> Wildcards.matches(pattern, request.action(), true));
        boolean resource = resources.stream().anyMatch(pattern -> Wildcards.matches(pattern, request.resource(), false));
        return action != notAction && resource != notResource
                && conditions.stream().allMatch(condition -> condition.holds(request));
    }
}
