"""A tokenizer for Chinese, English and mixed messages."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class BilingualTokenizer(JiebaTokenizer):
    """Jieba segmentation without the whitespace tokens Jieba emits between words.

    Jieba segments Chinese and splits Latin text at spaces, but keeps each run of spaces
    as a token of its own; those tokens carry no meaning and misalign entity spans in
    English and mixed messages.
    """

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenizes the attribute's text, dropping whitespace-only tokens."""
        return [t for t in super().tokenize(message, attribute) if t.text.strip()]
