"""The command palette (ctrl+p): every key binding of the current screen, the glossary, and
"go to equation N".

Every binding with a description is offered here, so nothing in paperpal is reachable only by a
key. Typing a word also searches the glossary: picking a concept shows it in the reader (or in a
modal anywhere else).
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from paperpal.tui.widgets.safe import clean

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from paperpal.glossary.model import Glossary

# "5", "(5)", "eq. 5", "equation 3a", and an unnumbered display's name: "5+1", "[5 + 1]"
_EQUATION_QUERY = re.compile(
    r"^\s*(?:eq(?:uation)?\.?\s*)?[(\[]?\s*([0-9A-Za-z.]+(?:\s*\+\s*[0-9]+)?)\s*[)\]]?\s*$", re.IGNORECASE
)


def literal_highlight(matcher: Matcher, text: str) -> Content:
    """``text`` with the letters the query matched highlighted, taken literally: the palette
    would read a glossary name's brackets as markup (a user's own glossary is data too)."""
    text = clean(text)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class PaperpalCommands(Provider):
    def _bindings(self) -> list[tuple[str, str, str, DOMNode]]:
        """(title, help, action, node) for every described binding active on the screen."""
        seen: set[str] = set()
        found: list[tuple[str, str, str, DOMNode]] = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or binding.action == "command_palette":
                continue
            seen.add(binding.action)
            label = binding.key_display or key
            found.append(
                (
                    binding.description,
                    f"{binding.tooltip or binding.description} ({label})",
                    binding.action,
                    active.node,
                )
            )
        return found

    async def _run(self, action: str, node: DOMNode) -> None:
        await self.app.run_action(action, default_namespace=node)

    async def discover(self) -> Hits:
        for title, help_text, action, node in self._bindings():
            yield DiscoveryHit(title, partial(self._run, action, node), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action, node in self._bindings():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action, node), help=help_text)

        goto = getattr(self.screen, "goto_equation", None)
        numbers: list[str] = getattr(self.screen, "equation_numbers", list)()
        match = _EQUATION_QUERY.match(query)
        number = "".join(match.group(1).split()) if match else ""
        if goto and number in numbers:
            label = f"[{number}]" if "+" in number else f"({number})"
            yield Hit(1.0, f"Go to equation {label}", partial(goto, number), help="Jump to it and decode it")

        if len(query.strip()) < 2:
            return
        context = getattr(self.screen, "context", None)
        glossary = context.glossary_if_loaded if context is not None else None
        if glossary is None:
            return
        shown = 0
        for concept in glossary.concepts.values():
            names = (concept.name, *concept.aliases, *concept.abbreviations)
            score = max(matcher.match(name) for name in names)
            if score > 0:
                title = f"Glossary: {concept.name}"
                yield Hit(
                    score * 0.9,
                    literal_highlight(matcher, title),
                    partial(self._show_concept, glossary, concept.id),
                    text=title,
                    help=escape(clean(concept.summary[:120])),
                )
                shown += 1
                if shown >= 12:
                    break

    def _show_concept(self, glossary: Glossary, concept_id: str) -> None:
        show = getattr(self.screen, "show_concept", None)
        if show is not None:
            show(concept_id)
            return
        from paperpal.tui.screens.concept import ConceptScreen

        self.app.push_screen(ConceptScreen(glossary, concept_id))
