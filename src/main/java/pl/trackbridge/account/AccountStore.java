package pl.trackbridge.account;

import java.util.Optional;

/** Persistence of accounts. */
public interface AccountStore {
    Optional<Account> find(String accountId);

    void save(Account account);

    /** Every account id, read by key (jobs iterate accounts without scanning a table). */
    java.util.List<String> accountIds();
}
