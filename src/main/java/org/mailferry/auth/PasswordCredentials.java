package org.mailferry.auth;

/** User name plus password or app password (LOGIN / AUTHENTICATE PLAIN). */
public record PasswordCredentials(String user, Secret password) implements Credentials {

    @Override
    public String mechanisms() {
        return null;
    }

    @Override
    public String secretForLogin() {
        return new String(password.reveal());
    }

    @Override
    public void checkAvailable() {
        password.checkAvailable();
    }

    @Override
    public String describe() {
        return "password from " + password.describe();
    }
}
