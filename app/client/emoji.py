"""A small emoji table with names: the picker's contents and ``:shortcode:`` completion.

Shipped with Gofto (no network, no font database): about 150 of the emoji people use most
in chat, each with the shortcode GitHub and Slack use (``:thumbsup:``) and a few search
words. Toolkit-free, so every front end can complete ``:smi`` → 😄.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Emoji:
    """One emoji: the character(s), its shortcode name and words to find it by."""

    char: str
    name: str
    words: str = ""


def _table(rows: str) -> tuple[Emoji, ...]:
    out = []
    for line in rows.strip().splitlines():
        char, name, *words = line.split()
        out.append(Emoji(char, name, " ".join(words)))
    return tuple(out)


EMOJI: tuple[Emoji, ...] = _table(
    """
😀 grinning smile happy
😃 smiley smile happy
😄 smile happy joy
😁 grin smile teeth
😆 laughing laugh happy
😅 sweat_smile relief
🤣 rofl laugh floor
😂 joy laugh tears
🙂 slightly_smiling_face smile
🙃 upside_down_face silly
😉 wink
😊 blush smile shy
😇 innocent angel halo
🥰 smiling_face_with_three_hearts love
😍 heart_eyes love crush
🤩 star_struck wow
😘 kissing_heart kiss
😋 yum tasty
😛 stuck_out_tongue tongue
😜 stuck_out_tongue_winking_eye crazy
🤪 zany_face crazy
🤔 thinking hmm think
🤗 hugs hug
🤭 hand_over_mouth oops
🤫 shushing_face quiet
🤐 zipper_mouth_face secret
😐 neutral_face meh
😑 expressionless blank
😶 no_mouth silent
😏 smirk
😒 unamused meh
🙄 roll_eyes eyeroll
😬 grimacing awkward
😌 relieved calm
😔 pensive sad
😪 sleepy tired
😴 sleeping zzz
😷 mask sick
🤒 face_with_thermometer sick ill
🤯 exploding_head mind_blown
🥳 partying_face party celebrate
😎 sunglasses cool
🤓 nerd_face geek
🧐 monocle_face inspect
😕 confused
😟 worried
🙁 slightly_frowning_face sad
😮 open_mouth surprised wow
😲 astonished shocked
😳 flushed embarrassed
🥺 pleading_face please
😢 cry sad tear
😭 sob crying
😱 scream fear
😖 confounded
😞 disappointed sad
😓 sweat
😩 weary tired
😤 triumph huff
😡 rage angry mad
😠 angry mad
🤬 cursing_face swearing
💀 skull dead
💩 poop
🤡 clown_face
👻 ghost
👽 alien
🤖 robot
😺 smiley_cat cat
👋 wave hello bye
🤚 raised_back_of_hand
✋ hand raised_hand stop
👌 ok_hand ok perfect
✌️ v peace victory
🤞 crossed_fingers luck hope
🤟 love_you_gesture
🤘 metal rock
👈 point_left
👉 point_right
👆 point_up
👇 point_down
👍 thumbsup +1 yes like
👎 thumbsdown -1 no dislike
✊ fist
👊 punch fist_bump
👏 clap applause bravo
🙌 raised_hands hooray
👐 open_hands
🤝 handshake deal agree
🙏 pray please thanks
💪 muscle strong
👀 eyes look
🧠 brain think
❤️ heart love red_heart
🧡 orange_heart
💛 yellow_heart
💚 green_heart
💙 blue_heart
💜 purple_heart
🖤 black_heart
💔 broken_heart sad
💕 two_hearts love
💯 100 hundred perfect
💥 boom collision
💫 dizzy
💬 speech_balloon chat talk
🔥 fire hot lit
✨ sparkles shine new
⭐ star
🌟 star2 glow
🌈 rainbow
☀️ sunny sun
🌙 crescent_moon moon night
⚡ zap lightning
❄️ snowflake cold
🌹 rose flower
🌷 tulip flower
🌸 cherry_blossom flower spring
🌱 seedling plant
🍀 four_leaf_clover luck
🍎 apple fruit
🍉 watermelon yalda
🍕 pizza food
🍔 hamburger food
🍰 cake dessert
🎂 birthday cake
☕ coffee tea hot
🍵 tea chai
🍻 beers cheers
🎉 tada party congratulations
🎊 confetti_ball party
🎁 gift present
🎈 balloon party
🏆 trophy win
⚽ soccer football
🎮 video_game game
🎵 musical_note music
🎶 notes music
📷 camera photo
💻 computer laptop
📱 iphone phone mobile
⌨️ keyboard
📎 paperclip attach
📌 pushpin pin
📅 date calendar
⏰ alarm_clock time
⌛ hourglass wait
🔒 lock secure
🔑 key
💡 bulb idea
📝 memo note write
📚 books study
✅ white_check_mark done yes
✔️ heavy_check_mark check
❌ x no cross
❓ question
❗ exclamation important
⚠️ warning
🚀 rocket launch ship
✈️ airplane travel
🏠 house home
🇮🇷 iran flag
🌍 earth_africa world globe
🐱 cat
🐶 dog
🐢 turtle slow
🦁 lion
🌺 hibiscus flower
"""
)

_BY_NAME = {emoji.name: emoji.char for emoji in EMOJI}
_SHORTCODE = re.compile(r":([a-z0-9_+\-]{1,40}):")
#: A shortcode being typed at the end of a text: ``:smi``.
TYPING = re.compile(r"(?:^|(?<=\s)):([a-z0-9_+\-]{2,40})$")


def char_of(name: str) -> str | None:
    """The emoji of shortcode ``name`` (without colons), if it is in the table."""
    return _BY_NAME.get(name)


def search(query: str, limit: int = 200) -> list[Emoji]:
    """Emoji whose name or words contain every word of ``query`` (all when empty)."""
    words = query.casefold().replace(":", " ").split()
    found = [
        emoji
        for emoji in EMOJI
        if all(word in emoji.name or word in emoji.words or word == emoji.char for word in words)
    ]
    return found[:limit]


def completions(prefix: str, limit: int = 12) -> list[Emoji]:
    """Emoji whose shortcode starts with ``prefix`` first, then those that contain it."""
    prefix = prefix.casefold()
    starts = [emoji for emoji in EMOJI if emoji.name.startswith(prefix)]
    inside = [e for e in EMOJI if prefix in e.name and not e.name.startswith(prefix)]
    return (starts + inside)[:limit]


def replace_shortcodes(text: str) -> str:
    """``text`` with every known ``:shortcode:`` replaced by its emoji (others kept)."""
    return _SHORTCODE.sub(lambda m: _BY_NAME.get(m.group(1), m.group()), text)
