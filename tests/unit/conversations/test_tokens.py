from bot.conversations.tokens import hash_token, new_token, token_matches


def test_tokens_are_random_and_at_least_128_bits() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    # URL-safe base64: 6 bits per character.
    assert all(len(t) * 6 >= 128 for t in tokens)


def test_only_the_right_token_matches_its_hash() -> None:
    token = new_token()
    stored = hash_token(token)
    assert stored != token
    assert token_matches(token, stored)
    assert not token_matches(token + "x", stored)
    assert not token_matches("", stored)
