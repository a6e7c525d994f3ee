package io.tokencache.sample.demo;

/**
 * What {@code GET /demo-issuer/stats} reports.
 *
 * @param tokensIssued how many tokens the demo identity provider has issued since it started
 */
record IssuerStats(long tokensIssued) {

}
