/**
 * Slipway's pipeline decisions, free of AWS types: webhook signatures, push classification, freeze
 * calendar, deploy lock, canary analysis, smoke checks, approval links and DORA metrics. Handlers
 * in {@code dev.slipway.functions} call these; time and randomness are passed in.
 */
package dev.slipway.pipeline;
