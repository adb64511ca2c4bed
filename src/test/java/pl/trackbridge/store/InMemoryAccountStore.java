package pl.trackbridge.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountStore;

/** Accounts in memory, for unit tests. */
public final class InMemoryAccountStore implements AccountStore {
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    @Override
    public Optional<Account> find(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    @Override
    public void save(Account account) {
        accounts.put(account.accountId(), account);
    }

    @Override
    public java.util.List<String> accountIds() {
        return java.util.List.copyOf(accounts.keySet());
    }
}
