package pl.trackbridge.account;

import java.util.Optional;

/** Persistence of accounts. */
public interface AccountStore {
    Optional<Account> find(String accountId);

    void save(Account account);
}
