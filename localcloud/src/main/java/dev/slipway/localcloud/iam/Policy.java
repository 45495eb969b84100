package dev.slipway.localcloud.iam;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A named policy document attached to a principal: an inline policy of a role, an {@code
 * AWS::IAM::Policy}, or a managed policy.
 *
 * @param name where the policy comes from, e.g. the template's logical id
 * @param document the resolved document ({@code Version}, {@code Statement})
 */
public record Policy(String name, JsonNode document) {}
