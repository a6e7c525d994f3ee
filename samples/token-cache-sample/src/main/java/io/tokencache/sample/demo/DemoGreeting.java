package io.tokencache.sample.demo;

/**
 * The demo API's answer. It names the token by its serial number, never by its value, so that
 * repeated calls show whether the caller reused a token.
 *
 * @param greeting a greeting for the client the token was issued to
 * @param tokenSerial which token the caller presented: 1 for the first one issued, and so on
 * @param tokenExpiresIn seconds until that token expires
 */
record DemoGreeting(String greeting, long tokenSerial, long tokenExpiresIn) {

}
