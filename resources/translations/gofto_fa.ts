<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa">
<context>
    <name>CertificatePrompt</name>
    <message>
        <source>The host&apos;s certificate changed — Gofto</source>
        <translation>گواهی میزبان عوض شده است — Gofto</translation>
    </message>
    <message>
        <source>The chat at {address} shows a different certificate than before. Someone may be listening in, or the host set Gofto up again.</source>
        <translation>گفتگوی {address} گواهی دیگری نسبت به قبل نشان می‌دهد. ممکن است کسی در حال شنود باشد، یا میزبان گفتو را از نو راه‌اندازی کرده است.</translation>
    </message>
    <message>
        <source>Before: {old}
Now: {new}

Ask the host to read out the fingerprint in their window. Trust the new one only if it matches.</source>
        <translation>پیش‌تر: {old}
اکنون: {new}

از میزبان بخواهید اثر انگشت را از پنجرهٔ خود بلند بخواند. تنها اگر یکسان بود به گواهی تازه اعتماد کنید.</translation>
    </message>
    <message>
        <source>Trust the new certificate</source>
        <translation>اعتماد به گواهی تازه</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Connecting to {address}…</source>
        <translation>در حال اتصال به {address}…</translation>
    </message>
    <message>
        <source>Disconnected: {reason}</source>
        <translation>قطع شد: {reason}</translation>
    </message>
    <message>
        <source>Reconnecting in {seconds} s… ({reason})</source>
        <translation>اتصال دوباره تا {seconds} ثانیهٔ دیگر… ({reason})</translation>
    </message>
    <message>
        <source>Connected as {nick} to {address} (encrypted)</source>
        <translation>با نام {nick} به {address} وصل شدید (رمزگذاری‌شده)</translation>
    </message>
    <message>
        <source>Connected as {nick} to {address} (not encrypted)</source>
        <translation>با نام {nick} به {address} وصل شدید (بدون رمزگذاری)</translation>
    </message>
    <message>
        <source>you quit</source>
        <translation>خودتان خارج شدید</translation>
    </message>
</context>
<context>
    <name>Conversation</name>
    <message>
        <source>Show earlier messages</source>
        <extracomment>``(conversation, text)``: the user sent ``text`` in this conversation. Messages that arrived while this conversation was not being looked at. Whether one of the unread messages mentions us (or is private).</extracomment>
        <translation>نمایش پیام‌های قدیمی‌تر</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Chat</source>
        <extracomment>How long member-list changes are gathered before the sidebar is refreshed. A growing unread count is shown at most this often: retitling the window and a tab costs about 0.2 ms (a round trip to the window system), which at a flood&apos;s 1,000 messages a second was a fifth of the GUI thread. The first unread message shows at once. Whether closing a hosting window asks first (scripts and tests may turn it off). The &quot;everyone will be disconnected&quot; question while it is open. The About box while it is open.</extracomment>
        <translation>&amp;گفتگو</translation>
    </message>
    <message>
        <source>Close Private Conversation</source>
        <translation>بستن گفتگوی خصوصی</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <source>&amp;About Gofto</source>
        <translation>&amp;دربارهٔ گفتو</translation>
    </message>
    <message>
        <source>You are hosting. Others can join at: %1</source>
        <extracomment>What the copy button puts on the clipboard: one ``ADDRESS:PORT`` per line.</extracomment>
        <translation>میزبان شما هستید. دیگران می‌توانند با این نشانی بپیوندند: %1</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>رونوشت نشانی</translation>
    </message>
    <message>
        <source>Encrypted. Certificate fingerprint to read out: %1</source>
        <translation>رمزگذاری‌شده. اثر انگشت گواهی برای خواندن بلند: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 — Gofto</source>
        <extracomment>Shown above the messages the server replays when we join a room. The chat this window hosts (stopped when the window closes), or ``None``.</extracomment>
        <translation>%1 — Gofto</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 در %2</translation>
    </message>
    <message>
        <source>(not sent yet — will be sent when reconnected)</source>
        <translation>(هنوز فرستاده نشده — پس از اتصال دوباره فرستاده می‌شود)</translation>
    </message>
    <message>
        <source>— earlier messages —</source>
        <translation>— پیام‌های پیشین —</translation>
    </message>
    <message>
        <source>You joined %1</source>
        <translation>به %1 پیوستید</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 پیوست</translation>
    </message>
    <message>
        <source>You left %1</source>
        <translation>از %1 بیرون رفتید</translation>
    </message>
    <message>
        <source>%1 left (%2)</source>
        <translation>%1 بیرون رفت (%2)</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 بیرون رفت</translation>
    </message>
    <message>
        <source>You were</source>
        <translation>شما</translation>
    </message>
    <message>
        <source>%1 was</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>%1 removed by %2 (%3)</source>
        <translation>%1 را %2 بیرون کرد (%3)</translation>
    </message>
    <message>
        <source>%1 quit (%2)</source>
        <translation>%1 خارج شد (%2)</translation>
    </message>
    <message>
        <source>%1 quit</source>
        <translation>%1 خارج شد</translation>
    </message>
    <message>
        <source>You are now known as %1</source>
        <translation>اکنون نام شما %1 است</translation>
    </message>
    <message>
        <source>%1 is now known as %2</source>
        <translation>%1 اکنون %2 نام دارد</translation>
    </message>
    <message>
        <source>%1 changed the topic to: %2</source>
        <translation>%1 موضوع را به این تغییر داد: %2</translation>
    </message>
    <message>
        <source>Topic: %1</source>
        <translation>موضوع: %1</translation>
    </message>
    <message>
        <source>%1 is back</source>
        <translation>%1 برگشت</translation>
    </message>
    <message>
        <source>%1 is away (%2)</source>
        <translation>%1 دور از دستگاه است (%2)</translation>
    </message>
    <message>
        <source>Disconnected (%1); reconnecting…</source>
        <translation>اتصال قطع شد (%1)؛ در حال اتصال دوباره…</translation>
    </message>
    <message>
        <source>Disconnected (%1)</source>
        <translation>اتصال قطع شد (%1)</translation>
    </message>
    <message>
        <source>Connected as %1</source>
        <translation>با نام %1 وصل هستید</translation>
    </message>
    <message>
        <source>Address copied</source>
        <translation>نشانی رونوشت شد</translation>
    </message>
    <message>
        <source>About Gofto</source>
        <translation>دربارهٔ Gofto</translation>
    </message>
    <message>
        <source>Gofto %1</source>
        <translation>گفتو %1</translation>
    </message>
    <message>
        <source>A chat you host or join on your network. It speaks IRC on the wire.</source>
        <translation>گفتگویی که در شبکهٔ خودتان میزبانی می‌کنید یا به آن می‌پیوندید. با پروتکل IRC کار می‌کند.</translation>
    </message>
    <message>
        <source>Stop hosting?</source>
        <translation>میزبانی متوقف شود؟</translation>
    </message>
    <message>
        <source>You are hosting this chat. Closing the window disconnects everyone in it. Close anyway?</source>
        <translation>شما میزبان این گفتگو هستید. با بستن پنجره اتصال همه قطع می‌شود. با این حال بسته شود؟</translation>
    </message>
</context>
<context>
    <name>MessageInput</name>
    <message>
        <source>Type a message; /help lists commands</source>
        <extracomment>Pastes of more lines than this ask before sending. Sent lines remembered for Up/Down. One message (or slash command) to send, exactly as typed.</extracomment>
        <translation>پیامی بنویسید؛ ‎/help‎ فرمان‌ها را نشان می‌دهد</translation>
    </message>
    <message>
        <source>Send several messages?</source>
        <extracomment>The &quot;send N lines?&quot; question while it is open (tests answer it through this).</extracomment>
        <translation>چند پیام فرستاده شود؟</translation>
    </message>
    <message>
        <source>The pasted text has %n line(s). Send each line as a separate message?</source>
        <translation>متن چسبانده‌شده %n خط دارد. هر خط جداگانه فرستاده شود؟</translation>
    </message>
</context>
<context>
    <name>QtTransport</name>
    <message>
        <source>the host sent a line that is far too long</source>
        <translation>میزبان خطی بسیار بلند فرستاد</translation>
    </message>
    <message>
        <source>the host closed the connection</source>
        <extracomment>A line longer than this (tags included) is a broken or hostile peer, not a chat message.</extracomment>
        <translation>میزبان اتصال را بست</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>زمان انتظار به پایان رسید</translation>
    </message>
    <message>
        <source>encryption error ({detail})</source>
        <translation>خطای رمزگذاری ({detail})</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>اتصال پذیرفته نشد</translation>
    </message>
    <message>
        <source>host not found</source>
        <translation>میزبان پیدا نشد</translation>
    </message>
    <message>
        <source>network error</source>
        <translation>خطای شبکه</translation>
    </message>
    <message>
        <source>not allowed to connect</source>
        <translation>اجازهٔ اتصال داده نشد</translation>
    </message>
    <message>
        <source>connection error</source>
        <translation>خطای اتصال</translation>
    </message>
</context>
<context>
    <name>Sentences</name>
    <message>
        <source>A nickname cannot be empty.</source>
        <translation>نام مستعار نمی‌تواند خالی باشد.</translation>
    </message>
    <message>
        <source>A nickname can be at most {n} characters long.</source>
        <translation>نام مستعار حداکثر می‌تواند {n} نویسه داشته باشد.</translation>
    </message>
    <message>
        <source>A nickname cannot start with a digit or a dash.</source>
        <translation>نام مستعار نمی‌تواند با رقم یا خط تیره شروع شود.</translation>
    </message>
    <message>
        <source>A nickname cannot start with “{char}”.</source>
        <translation>نام مستعار نمی‌تواند با «{char}» شروع شود.</translation>
    </message>
    <message>
        <source>A nickname cannot contain a space.</source>
        <translation>نام مستعار نمی‌تواند فاصله داشته باشد.</translation>
    </message>
    <message>
        <source>A nickname cannot contain “{char}”.</source>
        <translation>نام مستعار نمی‌تواند «{char}» داشته باشد.</translation>
    </message>
    <message>
        <source>A nickname cannot contain control or invisible characters.</source>
        <translation>نام مستعار نمی‌تواند نویسه‌های کنترلی یا نامرئی داشته باشد.</translation>
    </message>
    <message>
        <source>A nickname cannot start or end with an invisible character.</source>
        <translation>نام مستعار نمی‌تواند با نویسهٔ نامرئی شروع یا تمام شود.</translation>
    </message>
    <message>
        <source>Enter the host&apos;s address, for example 192.168.1.20:5000.</source>
        <translation>نشانی میزبان را بنویسید، مثلاً 192.168.1.20:5000</translation>
    </message>
    <message>
        <source>An IPv6 address in brackets needs its closing “]”.</source>
        <translation>نشانی IPv6 داخل کروشه به «]» پایانی نیاز دارد.</translation>
    </message>
    <message>
        <source>After “]” write a colon and the port, like [::1]:5000.</source>
        <translation>پس از «]» یک دونقطه و شمارهٔ درگاه بنویسید، مانند [::1]:5000</translation>
    </message>
    <message>
        <source>The address needs a host name or IP before the port.</source>
        <translation>نشانی پیش از درگاه به نام میزبان یا IP نیاز دارد.</translation>
    </message>
    <message>
        <source>Port {port} is out of range (1–65535).</source>
        <translation>درگاه {port} خارج از بازهٔ مجاز است (۱ تا ۶۵۵۳۵).</translation>
    </message>
    <message>
        <source>“{text}” is not a port number.</source>
        <translation>«{text}» شمارهٔ درگاه نیست.</translation>
    </message>
    <message>
        <source>“{text}” is not an IPv6 address.</source>
        <translation>«{text}» نشانی IPv6 نیست.</translation>
    </message>
    <message>
        <source>“{text}” is not a valid address.</source>
        <translation>«{text}» نشانی معتبری نیست.</translation>
    </message>
    <message>
        <source>“{text}” is not a valid host name or IP address.</source>
        <translation>«{text}» نام میزبان یا نشانی IP معتبری نیست.</translation>
    </message>
    <message>
        <source>“{text}” is not a valid host name.</source>
        <translation>«{text}» نام میزبان معتبری نیست.</translation>
    </message>
    <message>
        <source>Only irc:// links can be joined, not {scheme}://.</source>
        <translation>فقط با پیوندهای irc:// می‌توان پیوست، نه {scheme}://.</translation>
    </message>
    <message>
        <source>The irc:// link has no host.</source>
        <translation>پیوند irc:// میزبان ندارد.</translation>
    </message>
    <message>
        <source>The port in the irc:// link is not a number in 1–65535.</source>
        <translation>درگاه پیوند irc:// عددی بین ۱ تا ۶۵۵۳۵ نیست.</translation>
    </message>
    <message>
        <source>Port {port} is already in use on this computer; choose another port or close the program that uses it.</source>
        <translation>درگاه {port} روی این رایانه در حال استفاده است؛ درگاه دیگری انتخاب کنید یا برنامه‌ای را که از آن استفاده می‌کند ببندید.</translation>
    </message>
    <message>
        <source>Could not reach a chat at {address}{detail}; check the address and that the host is running Gofto.</source>
        <translation>به گفتگویی در {address}{detail} دسترسی پیدا نشد؛ نشانی را بررسی کنید و مطمئن شوید که میزبان گفتو را اجرا کرده است.</translation>
    </message>
    <message>
        <source>The room password is wrong; ask the host for it and try again.</source>
        <translation>گذرواژهٔ اتاق نادرست است؛ آن را از میزبان بپرسید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>Too many wrong passwords were tried from your address; wait a minute, then try again with the right one.</source>
        <translation>از نشانی شما گذرواژه‌های نادرست زیادی امتحان شده است؛ یک دقیقه صبر کنید و سپس با گذرواژهٔ درست دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The nickname “{nick}” is taken in this room; choose another one.</source>
        <translation>نام مستعار «{nick}» در این اتاق گرفته شده است؛ نام دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <source>The nickname “{nick}” belongs to someone else on this host; choose another one.</source>
        <translation>نام مستعار «{nick}» در این میزبان از آنِ شخص دیگری است؛ نام دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <source>“{nick}” cannot be used as a nickname; try letters and digits.</source>
        <translation>«{nick}» را نمی‌توان نام مستعار کرد؛ از حروف و رقم‌ها استفاده کنید.</translation>
    </message>
    <message>
        <source>The chat at {address} shows a different certificate than before; someone may be listening in. Ask the host to read out their fingerprint and accept the new one only if it matches.</source>
        <translation>گفتگوی {address} گواهی دیگری نسبت به قبل نشان می‌دهد؛ ممکن است کسی در حال شنود باشد. از میزبان بخواهید اثر انگشت خود را بلند بخواند و تنها اگر یکسان بود گواهی تازه را بپذیرید.</translation>
    </message>
    <message>
        <source>Could not make an encrypted connection to {address}{detail}, which was encrypted before; Gofto will not join it unencrypted. Ask the host what changed.</source>
        <translation>اتصال رمزگذاری‌شده به {address}{detail} برقرار نشد، در حالی که پیش‌تر رمزگذاری‌شده بود؛ گفتو بدون رمزگذاری به آن نمی‌پیوندد. از میزبان بپرسید چه چیزی تغییر کرده است.</translation>
    </message>
    <message>
        <source>Could not host on port {port} ({detail}); choose a port between 1024 and 65535.</source>
        <translation>میزبانی روی درگاه {port} ممکن نشد ({detail})؛ درگاهی بین ۱۰۲۴ و ۶۵۵۳۵ انتخاب کنید.</translation>
    </message>
    <message>
        <source>This computer does not let Gofto use port {port}; choose a port above 1024.</source>
        <translation>این رایانه اجازه نمی‌دهد گفتو از درگاه {port} استفاده کند؛ درگاهی بالاتر از ۱۰۲۴ انتخاب کنید.</translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <source>Start a chat — {app}</source>
        <translation>شروع گفتگو — {app}</translation>
    </message>
    <message>
        <source>Gofto</source>
        <translation>گفتو</translation>
    </message>
    <message>
        <source>Host a chat on this computer, or join one on your network.</source>
        <translation>روی همین رایانه گفتگویی را میزبانی کنید، یا به گفتگویی در شبکهٔ خود بپیوندید.</translation>
    </message>
    <message>
        <source>&amp;Host a chat</source>
        <translation>&amp;میزبانی گفتگو</translation>
    </message>
    <message>
        <source>Others on your network join you</source>
        <translation>دیگران در شبکهٔ شما به شما می‌پیوندند</translation>
    </message>
    <message>
        <source>&amp;Join a chat</source>
        <translation>&amp;پیوستن به گفتگو</translation>
    </message>
    <message>
        <source>Join a chat someone else hosts</source>
        <translation>به گفتگویی بپیوندید که کس دیگری میزبان آن است</translation>
    </message>
    <message>
        <source>e.g. Sara or سارا</source>
        <translation>مثلاً سارا یا Sara</translation>
    </message>
    <message>
        <source>The TCP port others connect to (1024–65535)</source>
        <translation>درگاه TCP که دیگران به آن وصل می‌شوند (۱۰۲۴ تا ۶۵۵۳۵)</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.20:5000</source>
        <translation>e.g. 192.168.1.20:5000</translation>
    </message>
    <message>
        <source>host, host:port, [IPv6]:port or an irc://host:port/room link</source>
        <translation>host، یا host:port، یا [IPv6]:port یا پیوندی مانند irc://host:port/room</translation>
    </message>
    <message>
        <source>Your &amp;nickname:</source>
        <translation>&amp;نام مستعار شما:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;درگاه:</translation>
    </message>
    <message>
        <source>Host&apos;s &amp;address:</source>
        <translation>&amp;نشانی میزبان:</translation>
    </message>
    <message>
        <source>Room pass&amp;word:</source>
        <translation>&amp;گذرواژهٔ اتاق:</translation>
    </message>
    <message>
        <source>Encrypted connections &amp;only</source>
        <translation>&amp;فقط اتصال‌های رمزگذاری‌شده</translation>
    </message>
    <message>
        <source>Gofto always encrypts when it can. With this, ordinary IRC programs that cannot encrypt are turned away too.</source>
        <translation>گفتو هر جا بتواند رمزگذاری می‌کند. با این گزینه، برنامه‌های IRC معمولی که نمی‌توانند رمزگذاری کنند هم پذیرفته نمی‌شوند.</translation>
    </message>
    <message>
        <source>Chats found on your network:</source>
        <translation>گفتگوهای پیداشده در شبکهٔ شما:</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>مشکل</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>Port {port} is out of range (1–65535).</source>
        <translation>درگاه {port} خارج از بازهٔ مجاز است (۱ تا ۶۵۵۳۵).</translation>
    </message>
    <message>
        <source>optional: people must type it to join</source>
        <translation>اختیاری: دیگران برای پیوستن باید آن را وارد کنند</translation>
    </message>
    <message>
        <source>only if the room has one</source>
        <translation>فقط اگر اتاق گذرواژه دارد</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>در حال اتصال…</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>میزبانی</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>پیوستن</translation>
    </message>
</context>
<context>
    <name>TkCertificate</name>
    <message>
        <source>⚠ The host&apos;s certificate changed</source>
        <extracomment>The change the box offers to trust, while it is shown.</extracomment>
        <translation>⚠ گواهی میزبان عوض شده است</translation>
    </message>
    <message>
        <source>Do not join</source>
        <translation>نمی‌پیوندم</translation>
    </message>
</context>
<context>
    <name>TkConnection</name>
    <message>
        <source>Disconnected.</source>
        <extracomment>Why the last attempt was refused (e.g. CertificateChanged), or ``None``.</extracomment>
        <translation>اتصال قطع شد.</translation>
    </message>
    <message>
        <source>Connected to {address}; signing in…</source>
        <translation>به {address} وصل شدید؛ در حال ورود…</translation>
    </message>
    <message>
        <source>Could not reach {address}.</source>
        <translation>به {address} دسترسی نشد.</translation>
    </message>
    <message>
        <source>No answer from {address}</source>
        <translation>پاسخی از {address} نیامد</translation>
    </message>
    <message>
        <source>{why}; trying again in {seconds} s…</source>
        <translation>{why}؛ تلاش دوباره تا {seconds} ثانیهٔ دیگر…</translation>
    </message>
    <message>
        <source>Connected to {address} as {nick}.</source>
        <translation>با نام {nick} به {address} وصل هستید.</translation>
    </message>
    <message>
        <source>Disconnected ({reason})</source>
        <translation>اتصال قطع شد ({reason})</translation>
    </message>
    <message>
        <source>Disconnected ({reason}).</source>
        <translation>اتصال قطع شد ({reason}).</translation>
    </message>
</context>
<context>
    <name>TkConversation</name>
    <message>
        <source>(not sent yet)</source>
        <translation>(هنوز فرستاده نشده)</translation>
    </message>
</context>
<context>
    <name>TkLaunch</name>
    <message>
        <source>The chat could not start on port {port} ({error}); try another port.</source>
        <translation>گفتگو روی درگاه {port} شروع نشد ({error})؛ درگاه دیگری را امتحان کنید.</translation>
    </message>
    <message>
        <source>Starting the chat on port {port}…</source>
        <extracomment>Hosting only: refuse guests that cannot encrypt. The server this launch hosts, once it listens (``None`` when joining). The error behind the last ``on_failed`` sentence, when there is one to act on (the dialog offers to trust a new certificate on ``CertificateChanged``).</extracomment>
        <translation>در حال شروع گفتگو روی درگاه {port}…</translation>
    </message>
</context>
<context>
    <name>TkMainWindow</name>
    <message>
        <source>Stay disconnected</source>
        <translation>قطع بماند</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>وصل نیستید.</translation>
    </message>
    <message>
        <source>Not connected yet; wait a moment.</source>
        <translation>هنوز وصل نیستید؛ کمی صبر کنید.</translation>
    </message>
    <message>
        <source>You joined {channel}.</source>
        <translation>به {channel} پیوستید.</translation>
    </message>
    <message>
        <source>{nick} joined.</source>
        <translation>{nick} پیوست.</translation>
    </message>
    <message>
        <source>You left{reason}.</source>
        <translation>بیرون رفتید{reason}.</translation>
    </message>
    <message>
        <source>{nick} left{reason}.</source>
        <translation>{nick} بیرون رفت{reason}.</translation>
    </message>
    <message>
        <source>You were removed by {by}{reason}.</source>
        <translation>{by} شما را بیرون کرد{reason}.</translation>
    </message>
    <message>
        <source>{nick} was removed by {by}{reason}.</source>
        <translation>{by}، {nick} را بیرون کرد{reason}.</translation>
    </message>
    <message>
        <source>{nick} left the chat{reason}.</source>
        <translation>{nick} از گفتگو خارج شد{reason}.</translation>
    </message>
    <message>
        <source>You are now known as {new}.</source>
        <translation>اکنون نام شما {new} است.</translation>
    </message>
    <message>
        <source>{old} is now known as {new}.</source>
        <translation>{old} اکنون {new} نام دارد.</translation>
    </message>
    <message>
        <source>{nick} set the topic: {topic}</source>
        <translation>{nick} موضوع را گذاشت: {topic}</translation>
    </message>
    <message>
        <source>Topic: {topic}</source>
        <translation>موضوع: {topic}</translation>
    </message>
    <message>
        <source>Disconnected ({reason}). Reconnecting…</source>
        <translation>اتصال قطع شد ({reason}). در حال اتصال دوباره…</translation>
    </message>
    <message>
        <source>Disconnected ({reason}).</source>
        <translation>اتصال قطع شد ({reason}).</translation>
    </message>
    <message>
        <source>Stopping the chat…</source>
        <translation>در حال پایان دادن به گفتگو…</translation>
    </message>
</context>
<context>
    <name>TkUserList</name>
    <message>
        <source>(away)</source>
        <translation>(دور از صفحه)</translation>
    </message>
    <message>
        <source>People</source>
        <translation>افراد</translation>
    </message>
    <message>
        <source>People ({count})</source>
        <translation>افراد ({count})</translation>
    </message>
    <message>
        <source>Private conversation with {nick}</source>
        <translation>گفتگوی خصوصی با {nick}</translation>
    </message>
    <message>
        <source>Mention {nick} in my message</source>
        <translation>نام بردن از {nick} در پیامم</translation>
    </message>
</context>
<context>
    <name>UserList</name>
    <message>
        <source>(you)</source>
        <translation>(شما)</translation>
    </message>
    <message>
        <source>This is you.</source>
        <translation>این شمایید.</translation>
    </message>
    <message>
        <source>Click to talk privately.</source>
        <translation>برای گفتگوی خصوصی کلیک کنید.</translation>
    </message>
    <message>
        <source>Away.</source>
        <translation>دور از صفحه.</translation>
    </message>
    <message>
        <source>Private message</source>
        <extracomment>The user asked to talk privately with this nick (never emitted for our own name). An operator asked to put this nick out of the room (offered only to operators). An operator asked to ban this nick&apos;s address and put them out (operators only).</extracomment>
        <translation>پیام خصوصی</translation>
    </message>
    <message>
        <source>Kick out of the room</source>
        <translation>بیرون کردن از اتاق</translation>
    </message>
    <message>
        <source>Ban from the room</source>
        <translation>محروم کردن از اتاق</translation>
    </message>
</context>
</TS>
