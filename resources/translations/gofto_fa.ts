<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa">
<context>
    <name>Catalogue</name>
    <message>
        <source>Could not read or write the key file: {detail}</source>
        <translation>پروندهٔ کلید خوانده یا نوشته نشد: {detail}</translation>
    </message>
    <message>
        <source>This is not a Gofto key file: it must hold one private key and its certificate.</source>
        <translation>این پروندهٔ کلید گفتو نیست: باید یک کلید خصوصی و گواهی آن را داشته باشد.</translation>
    </message>
    <message>
        <source>The key file is protected by a password, and this one does not open it.</source>
        <translation>پروندهٔ کلید با گذرواژه محافظت شده است و این گذرواژه آن را باز نمی‌کند.</translation>
    </message>
    <message>
        <source>The key and the certificate in this file do not belong together.</source>
        <translation>کلید و گواهیِ این پرونده به هم تعلق ندارند.</translation>
    </message>
    <message>
        <source>/react EMOJI</source>
        <translation>/react شکلک</translation>
    </message>
    <message>
        <source>react to the last message someone else wrote here, like /react 👍</source>
        <translation>به آخرین پیامی که کس دیگری اینجا نوشته واکنش نشان دهید، مثل ‎/react 👍</translation>
    </message>
    <message>
        <source>/delete [REASON]</source>
        <translation>/delete [دلیل]</translation>
    </message>
    <message>
        <source>delete your last message here</source>
        <translation>آخرین پیام خودتان را در اینجا پاک کنید</translation>
    </message>
    <message>
        <source>There is no message from someone else here to react to yet.</source>
        <translation>هنوز پیامی از کس دیگری اینجا نیست که به آن واکنش نشان دهید.</translation>
    </message>
    <message>
        <source>Reactions cannot be sent here (the server does not carry them).</source>
        <translation>اینجا نمی‌شود واکنش فرستاد (سرور آن را نمی‌رساند).</translation>
    </message>
    <message>
        <source>You have no message here that can be deleted.</source>
        <translation>اینجا پیامی از شما نیست که بشود پاکش کرد.</translation>
    </message>
    <message>
        <source>You may delete only your own messages.</source>
        <translation>فقط پیام‌های خودتان را می‌توانید پاک کنید.</translation>
    </message>
    <message>
        <source>That message could not be deleted (it is unknown or too old).</source>
        <translation>آن پیام پاک نشد (ناشناخته است یا خیلی قدیمی است).</translation>
    </message>
    <message>
        <source>The server refused that message of several lines; nothing was sent.</source>
        <translation>سرور آن پیام چندخطی را نپذیرفت؛ چیزی فرستاده نشد.</translation>
    </message>
    <message>
        <source>This server does not let messages be deleted.</source>
        <translation>این سرور اجازهٔ پاک کردن پیام‌ها را نمی‌دهد.</translation>
    </message>
    <message>
        <source>{nick} is typing…</source>
        <translation>{nick} در حال نوشتن است…</translation>
    </message>
    <message>
        <source>{nick} and {other} are typing…</source>
        <translation>{nick} و {other} در حال نوشتن هستند…</translation>
    </message>
    <message>
        <source>{count} people are typing…</source>
        <translation>{count} نفر در حال نوشتن هستند…</translation>
    </message>
    <message>
        <source>message deleted</source>
        <translation>پیام پاک شد</translation>
    </message>
    <message>
        <source>↪ {nick}: {text}</source>
        <translation>↪ {nick}: {text}</translation>
    </message>
    <message>
        <source>↪ in reply to an earlier message</source>
        <translation>↪ در پاسخ به پیامی قدیمی‌تر</translation>
    </message>
    <message>
        <source>Reactions: {reactions}</source>
        <translation>واکنش‌ها: {reactions}</translation>
    </message>
    <message>
        <source>Someone else is answering at that address.</source>
        <translation>کس دیگری در آن نشانی پاسخ می‌دهد.</translation>
    </message>
    <message>
        <source>The fingerprint in the link is not 64 hex digits; copy the whole link.</source>
        <translation>اثر انگشت در پیوند ۶۴ رقم شانزده‌شانزدهی نیست؛ کل پیوند را رونوشت کنید.</translation>
    </message>
    <message>
        <source>The link is too long.</source>
        <translation>پیوند بیش از اندازه بلند است.</translation>
    </message>
    <message>
        <source>Unknown command {command}; type /help for the list.</source>
        <translation>فرمان {command} را نمی‌شناسم؛ برای دیدن فهرست فرمان‌ها /help را بنویسید.</translation>
    </message>
    <message>
        <source>Usage: {usage} — {description}.</source>
        <translation>طرز استفاده: {usage} — {description}.</translation>
    </message>
    <message>
        <source>You are not connected right now; try again once reconnected.</source>
        <translation>الان وصل نیستید؛ وقتی دوباره وصل شدید امتحان کنید.</translation>
    </message>
    <message>
        <source>{room} is a room, not a person: /join {room} to talk there.</source>
        <translation>{room} یک اتاق است، نه یک نفر؛ برای گفتگو در آن بنویسید /join {room}</translation>
    </message>
    <message>
        <source>That is you: a private conversation needs someone else.</source>
        <translation>این خودتان هستید؛ گفتگوی خصوصی به نفر دیگری نیاز دارد.</translation>
    </message>
    <message>
        <source>Open a room or a private conversation to use /me in.</source>
        <translation>برای به‌کار بردن /me یک اتاق یا گفتگوی خصوصی را باز کنید.</translation>
    </message>
    <message>
        <source>Open a room or a private conversation to write in.</source>
        <translation>برای نوشتن، یک اتاق یا گفتگوی خصوصی را باز کنید.</translation>
    </message>
    <message>
        <source>“{room}” is not a valid channel name.</source>
        <translation>«{room}» نام معتبری برای اتاق نیست.</translation>
    </message>
    <message>
        <source>You will be “{nick}” once connected.</source>
        <translation>وقتی وصل شدید، نامتان «{nick}» می‌شود.</translation>
    </message>
    <message>
        <source>You will join {room} once connected.</source>
        <translation>وقتی وصل شدید، به {room} می‌پیوندید.</translation>
    </message>
    <message>
        <source>The topic of {room} is: {topic}</source>
        <translation>موضوع {room}: {topic}</translation>
    </message>
    <message>
        <source>{room} has no topic.</source>
        <translation>{room} موضوعی ندارد.</translation>
    </message>
    <message>
        <source>Commands (start a message with // to send a literal /):</source>
        <translation>فرمان‌ها (برای فرستادن پیامی که با / شروع می‌شود، آن را با // آغاز کنید):</translation>
    </message>
    <message>
        <source>{usage} — {description}</source>
        <translation>{usage} — {description}</translation>
    </message>
    <message>
        <source>/msg NICK TEXT</source>
        <translation>/msg کاربر متن</translation>
    </message>
    <message>
        <source>send a private message</source>
        <translation>فرستادن پیام خصوصی</translation>
    </message>
    <message>
        <source>/query NICK [TEXT]</source>
        <translation>/query کاربر [متن]</translation>
    </message>
    <message>
        <source>open a private conversation with someone (and say TEXT)</source>
        <translation>باز کردن گفتگوی خصوصی با کسی (و گفتن متن)</translation>
    </message>
    <message>
        <source>/me TEXT</source>
        <translation>/me متن</translation>
    </message>
    <message>
        <source>describe what you do, like “* Ali waves”</source>
        <translation>توصیف کاری که می‌کنید، مثل «* علی دست تکان می‌دهد»</translation>
    </message>
    <message>
        <source>/nick NEWNICK</source>
        <translation>/nick نام‌جدید</translation>
    </message>
    <message>
        <source>change your nickname</source>
        <translation>عوض کردن نام مستعارتان</translation>
    </message>
    <message>
        <source>/join #ROOM [KEY]</source>
        <translation>/join #اتاق [کلید]</translation>
    </message>
    <message>
        <source>join or create a room</source>
        <translation>پیوستن به یک اتاق یا ساختن آن</translation>
    </message>
    <message>
        <source>/part [#ROOM] [REASON]</source>
        <translation>/part [#اتاق] [دلیل]</translation>
    </message>
    <message>
        <source>leave a room (this one by default)</source>
        <translation>ترک یک اتاق (اگر نگویید، همین اتاق)</translation>
    </message>
    <message>
        <source>/topic [TEXT]</source>
        <translation>/topic [متن]</translation>
    </message>
    <message>
        <source>show or set the room&apos;s topic</source>
        <translation>دیدن یا تعیین موضوع اتاق</translation>
    </message>
    <message>
        <source>/away [MESSAGE]</source>
        <translation>/away [پیام]</translation>
    </message>
    <message>
        <source>mark yourself away; without a message, back</source>
        <translation>اعلام این‌که دور از دستگاه هستید؛ بدون پیام یعنی برگشته‌اید</translation>
    </message>
    <message>
        <source>/who [MASK]</source>
        <translation>/who [الگو]</translation>
    </message>
    <message>
        <source>list who is in a room or matches a mask</source>
        <translation>فهرست کسانی که در یک اتاق‌اند یا با الگویی جور درمی‌آیند</translation>
    </message>
    <message>
        <source>/whois NICK</source>
        <translation>/whois کاربر</translation>
    </message>
    <message>
        <source>show what the server knows about someone</source>
        <translation>نشان دادن آنچه سرور دربارهٔ کسی می‌داند</translation>
    </message>
    <message>
        <source>/kick NICK [REASON]</source>
        <translation>/kick کاربر [دلیل]</translation>
    </message>
    <message>
        <source>put someone out of this room (room operators only)</source>
        <translation>بیرون کردن کسی از این اتاق (فقط گرداننده‌های اتاق)</translation>
    </message>
    <message>
        <source>/ban NICK|MASK</source>
        <translation>/ban کاربر|الگو</translation>
    </message>
    <message>
        <source>keep someone&apos;s address out of this room; /kick them too (room operators only)</source>
        <translation>بستن این اتاق به روی نشانی کسی؛ با /kick بیرونش هم بکنید (فقط گرداننده‌های اتاق)</translation>
    </message>
    <message>
        <source>/unban NICK|MASK</source>
        <translation>/unban کاربر|الگو</translation>
    </message>
    <message>
        <source>let a banned address into this room again</source>
        <translation>باز کردن دوبارهٔ این اتاق به روی نشانی‌ای که بسته شده بود</translation>
    </message>
    <message>
        <source>/password NEW</source>
        <translation>/password گذرواژه</translation>
    </message>
    <message>
        <source>change the room password newcomers must type (the host only)</source>
        <translation>عوض کردن گذرواژه‌ای که تازه‌واردها برای ورود به اتاق باید بزنند (فقط میزبان)</translation>
    </message>
    <message>
        <source>/release NICK</source>
        <translation>/release نام</translation>
    </message>
    <message>
        <source>free a nickname from the person who owns it on this host (the host only)</source>
        <translation>آزاد کردن نام مستعاری که در این میزبان از آنِ کسی است (فقط میزبان)</translation>
    </message>
    <message>
        <source>/quit [MESSAGE]</source>
        <translation>/quit [پیام]</translation>
    </message>
    <message>
        <source>leave the chat</source>
        <translation>ترک گفتگو</translation>
    </message>
    <message>
        <source>/help</source>
        <translation>/help</translation>
    </message>
    <message>
        <source>list these commands</source>
        <translation>فهرست همین فرمان‌ها</translation>
    </message>
    <message>
        <source>/search TEXT</source>
        <translation>/search متن</translation>
    </message>
    <message>
        <source>search every conversation this app has seen (Ctrl+F in the windows)</source>
        <translation>جستجو در همهٔ گفتگوهایی که این برنامه دیده است (در پنجره‌ها با Ctrl+F)</translation>
    </message>
    <message>
        <source>/raw LINE</source>
        <translation>/raw خط</translation>
    </message>
    <message>
        <source>send a raw IRC line (for experts)</source>
        <translation>فرستادن یک خط خام IRC (برای کاربران حرفه‌ای)</translation>
    </message>
    <message>
        <source>That cannot be sent: {detail}.</source>
        <translation>این را نمی‌توان فرستاد: {detail}.</translation>
    </message>
    <message>
        <source>That is not a valid IRC line: {detail}.</source>
        <translation>این یک خط IRC معتبر نیست: {detail}.</translation>
    </message>
    <message>
        <source>Too many messages are waiting; this one was dropped.</source>
        <translation>پیام‌های منتظر زیادند؛ این یکی کنار گذاشته شد.</translation>
    </message>
    <message>
        <source>The nickname “{nick}” is taken; trying “{other}” instead.</source>
        <translation>نام مستعار «{nick}» گرفته شده است؛ «{other}» را امتحان می‌کنیم.</translation>
    </message>
    <message>
        <source>Disconnected: {reason}</source>
        <translation>اتصال قطع شد: {reason}</translation>
    </message>
    <message>
        <source>The host stopped the chat.</source>
        <translation>میزبان گفتگو را بست.</translation>
    </message>
    <message>
        <source>The host heard nothing from here for {seconds} seconds and closed the connection.</source>
        <translation>میزبان {seconds} ثانیه چیزی از این رایانه نشنید و اتصال را بست.</translation>
    </message>
    <message>
        <source>{nick} put you out of the chat: {comment}</source>
        <translation>{nick} شما را از گفتگو بیرون کرد: {comment}</translation>
    </message>
    <message>
        <source>The host closed the connection: too many messages too fast.</source>
        <translation>میزبان اتصال را بست: پیام‌های زیادی پشت سر هم فرستاده شد.</translation>
    </message>
    <message>
        <source>The host closed the connection: this computer fell too far behind.</source>
        <translation>میزبان اتصال را بست: این رایانه بیش از اندازه عقب ماند.</translation>
    </message>
    <message>
        <source>The host closed the connection: wrong password.</source>
        <translation>میزبان اتصال را بست: گذرواژه نادرست است.</translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>اتصال قطع شد.</translation>
    </message>
    <message>
        <source>The server closed the connection: {reason}</source>
        <translation>سرور اتصال را بست: {reason}</translation>
    </message>
    <message>
        <source>The server closed the connection.</source>
        <translation>سرور اتصال را بست.</translation>
    </message>
    <message>
        <source>{nick} answered {command}: {answer}</source>
        <translation>پاسخ {nick} به {command}: {answer}</translation>
    </message>
    <message>
        <source>{nick} answered {command}</source>
        <translation>{nick} به {command} پاسخ داد</translation>
    </message>
    <message>
        <source>Topic of {room}: {topic}</source>
        <translation>موضوع {room}: {topic}</translation>
    </message>
    <message>
        <source>{nick} invites you to {room}; type /join {room} to go there.</source>
        <translation>{nick} شما را به {room} دعوت می‌کند؛ برای رفتن به آنجا بنویسید /join {room}</translation>
    </message>
    <message>
        <source>In {room}: {names}</source>
        <translation>در {room}: {names}</translation>
    </message>
    <message>
        <source>{nick} is away: {message}</source>
        <translation>{nick} دور از دستگاه است: {message}</translation>
    </message>
    <message>
        <source>You are marked as away.</source>
        <translation>وضعیت شما «دور از دستگاه» شد.</translation>
    </message>
    <message>
        <source>You are back.</source>
        <translation>برگشتید.</translation>
    </message>
    <message>
        <source>You are now the host of this chat</source>
        <translation>اکنون شما میزبان این گفتگو هستید</translation>
    </message>
    <message>
        <source>You are logged in as {account}</source>
        <translation>با حساب {account} وارد شده‌اید</translation>
    </message>
    <message>
        <source>You are logged out</source>
        <translation>از حساب خود بیرون آمده‌اید</translation>
    </message>
    <message>
        <source>{nick} is offline: your message will be delivered when {nick} returns</source>
        <translation>{nick} برخط نیست: پیام شما وقتی {nick} برگردد به دستش می‌رسد</translation>
    </message>
    <message>
        <source>Too many messages are waiting for {nick}: the oldest {count} will not be delivered</source>
        <translation>پیام‌های زیادی در انتظار {nick} است: {count} پیام قدیمی‌تر به دستش نمی‌رسد</translation>
    </message>
    <message>
        <source>You are now a server operator</source>
        <translation>اکنون شما گردانندهٔ سرور هستید</translation>
    </message>
    <message>
        <source>Your modes: {modes}</source>
        <translation>حالت‌های شما: {modes}</translation>
    </message>
    <message>
        <source>Modes of {room}: {modes}</source>
        <translation>حالت‌های {room}: {modes}</translation>
    </message>
    <message>
        <source>You invited {nick} to {room}.</source>
        <translation>{nick} را به {room} دعوت کردید.</translation>
    </message>
    <message>
        <source>Banned from {room}: {mask}</source>
        <translation>ممنوع از ورود به {room}: {mask}</translation>
    </message>
    <message>
        <source>End of the ban list of {room}</source>
        <translation>پایان فهرست ممنوع‌ها در {room}</translation>
    </message>
    <message>
        <source>- {server} Message of the day -</source>
        <translation>- پیام روز {server} -</translation>
    </message>
    <message>
        <source>- Welcome to {network}, a chat hosted with Gofto.</source>
        <translation>- به {network} خوش آمدید؛ گفتگویی که با گفتو میزبانی می‌شود.</translation>
    </message>
    <message>
        <source>- Everybody meets in {room}: type /join {room} to join the room.</source>
        <translation>- همه در {room} جمع می‌شوند؛ برای پیوستن بنویسید /join {room}</translation>
    </message>
    <message>
        <source>{nick} is {user}@{host} ({realname})</source>
        <translation>{nick} همان {user}@{host} است ({realname})</translation>
    </message>
    <message>
        <source>{nick} is connected to {server} ({info})</source>
        <translation>{nick} به {server} وصل است ({info})</translation>
    </message>
    <message>
        <source>{nick} is a server operator</source>
        <translation>{nick} گردانندهٔ سرور است</translation>
    </message>
    <message>
        <source>{nick} is an IRC operator (the host of this chat)</source>
        <translation>{nick} گردانندهٔ IRC است (میزبان این گفتگو)</translation>
    </message>
    <message>
        <source>{nick} {text}</source>
        <translation>{nick} {text}</translation>
    </message>
    <message>
        <source>{nick} has been idle for {minutes} min {seconds} s</source>
        <translation>{nick} {minutes} دقیقه و {seconds} ثانیه است که کاری نکرده</translation>
    </message>
    <message>
        <source>{nick} is in {rooms}</source>
        <translation>{nick} در {rooms} است</translation>
    </message>
    <message>
        <source>{nick} is logged in as {account}</source>
        <translation>{nick} با حساب {account} وارد شده است</translation>
    </message>
    <message>
        <source>{nick} is using an encrypted connection</source>
        <translation>اتصال {nick} رمزگذاری‌شده است</translation>
    </message>
    <message>
        <source>{nick} is a bot</source>
        <translation>{nick} یک ربات است</translation>
    </message>
    <message>
        <source>{nick}: {text}</source>
        <translation>{nick}: {text}</translation>
    </message>
    <message>
        <source>End of /whois {nick}</source>
        <translation>پایان /whois {nick}</translation>
    </message>
    <message>
        <source>{nick} ({user}@{host}) in {room} is here — {realname}</source>
        <translation>{nick} ({user}@{host}) در {room} حاضر است — {realname}</translation>
    </message>
    <message>
        <source>{nick} ({user}@{host}) in {room} is away — {realname}</source>
        <translation>{nick} ({user}@{host}) در {room} دور از دستگاه است — {realname}</translation>
    </message>
    <message>
        <source>{nick} ({user}@{host}) is here — {realname}</source>
        <translation>{nick} ({user}@{host}) حاضر است — {realname}</translation>
    </message>
    <message>
        <source>{nick} ({user}@{host}) is away — {realname}</source>
        <translation>{nick} ({user}@{host}) دور از دستگاه است — {realname}</translation>
    </message>
    <message>
        <source>{nick} ({user}@{host}) in {room} is here</source>
        <translation>{nick} ({user}@{host}) در {room} حاضر است</translation>
    </message>
    <message>
        <source>{nick} ({user}@{host}) in {room} is away</source>
        <translation>{nick} ({user}@{host}) در {room} دور از دستگاه است</translation>
    </message>
    <message>
        <source>{nick} ({user}@{host}) is here</source>
        <translation>{nick} ({user}@{host}) حاضر است</translation>
    </message>
    <message>
        <source>{nick} ({user}@{host}) is away</source>
        <translation>{nick} ({user}@{host}) دور از دستگاه است</translation>
    </message>
    <message>
        <source>End of /who {mask}</source>
        <translation>پایان /who {mask}</translation>
    </message>
    <message>
        <source>End of /who</source>
        <translation>پایان /who</translation>
    </message>
    <message>
        <source>Rooms on this server:</source>
        <translation>اتاق‌های این سرور:</translation>
    </message>
    <message>
        <source>{room}: {count} people — {topic}</source>
        <translation>{room}: {count} نفر — {topic}</translation>
    </message>
    <message>
        <source>{room}: {count} people</source>
        <translation>{room}: {count} نفر</translation>
    </message>
    <message>
        <source>End of the room list</source>
        <translation>پایان فهرست اتاق‌ها</translation>
    </message>
    <message>
        <source>There is nobody called {nick} here.</source>
        <translation>کسی به نام {nick} اینجا نیست.</translation>
    </message>
    <message>
        <source>There is no server called {server}.</source>
        <translation>سروری به نام {server} نیست.</translation>
    </message>
    <message>
        <source>There is no channel called {room}.</source>
        <translation>اتاقی به نام {room} نیست.</translation>
    </message>
    <message>
        <source>Your message could not be sent to {room}: {text}.</source>
        <translation>پیامتان به {room} فرستاده نشد: {text}.</translation>
    </message>
    <message>
        <source>You cannot join {room}: you are in too many channels already.</source>
        <translation>نمی‌توانید به {room} بپیوندید: در اتاق‌های زیادی هستید.</translation>
    </message>
    <message>
        <source>Nobody called {nick} was here recently.</source>
        <translation>کسی به نام {nick} این اواخر اینجا نبوده است.</translation>
    </message>
    <message>
        <source>That message had nobody to go to.</source>
        <translation>آن پیام گیرنده‌ای نداشت.</translation>
    </message>
    <message>
        <source>There was no text to send.</source>
        <translation>متنی برای فرستادن نبود.</translation>
    </message>
    <message>
        <source>That line was too long for the server.</source>
        <translation>آن خط برای سرور بیش از اندازه بلند بود.</translation>
    </message>
    <message>
        <source>The server does not know the command {command}.</source>
        <translation>سرور فرمان {command} را نمی‌شناسد.</translation>
    </message>
    <message>
        <source>A nickname is needed.</source>
        <translation>نام مستعار لازم است.</translation>
    </message>
    <message>
        <source>{nick} is not in {room}.</source>
        <translation>{nick} در {room} نیست.</translation>
    </message>
    <message>
        <source>You are not in {room}; join it first.</source>
        <translation>شما در {room} نیستید؛ اول به آن بپیوندید.</translation>
    </message>
    <message>
        <source>{nick} is already in {room}.</source>
        <translation>{nick} همین حالا در {room} است.</translation>
    </message>
    <message>
        <source>The server has not finished letting us in yet; try again in a moment.</source>
        <translation>سرور هنوز ورود ما را تمام نکرده است؛ کمی بعد دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>The server needs more details for {command}.</source>
        <translation>سرور برای {command} جزئیات بیشتری لازم دارد.</translation>
    </message>
    <message>
        <source>We are already registered with the server.</source>
        <translation>پیش‌تر در سرور ثبت شده‌ایم.</translation>
    </message>
    <message>
        <source>You cannot join {room}: it is full.</source>
        <translation>نمی‌توانید به {room} بپیوندید: پر است.</translation>
    </message>
    <message>
        <source>The server does not know the mode {mode}.</source>
        <translation>سرور حالت {mode} را نمی‌شناسد.</translation>
    </message>
    <message>
        <source>You cannot join {room}: it is invitation only.</source>
        <translation>نمی‌توانید به {room} بپیوندید: فقط با دعوت می‌شود وارد شد.</translation>
    </message>
    <message>
        <source>You cannot join {room}: you are banned from it.</source>
        <translation>نمی‌توانید به {room} بپیوندید: ورودتان به آن ممنوع شده است.</translation>
    </message>
    <message>
        <source>You cannot join {room}: it needs the right key (/join {room} KEY).</source>
        <translation>نمی‌توانید به {room} بپیوندید: کلید درست لازم است (/join {room} کلید).</translation>
    </message>
    <message>
        <source>Only server operators can do that.</source>
        <translation>فقط گرداننده‌های سرور می‌توانند این کار را بکنند.</translation>
    </message>
    <message>
        <source>You need to be an operator of {room} to do that.</source>
        <translation>برای این کار باید گردانندهٔ {room} باشید.</translation>
    </message>
    <message>
        <source>The server does not know that user mode.</source>
        <translation>سرور این حالت کاربر را نمی‌شناسد.</translation>
    </message>
    <message>
        <source>You can only change your own modes.</source>
        <translation>فقط حالت‌های خودتان را می‌توانید عوض کنید.</translation>
    </message>
    <message>
        <source>The server said: {text}</source>
        <translation>سرور گفت: {text}</translation>
    </message>
    <message>
        <source>The server refused that ({number}).</source>
        <translation>سرور آن را نپذیرفت ({number}).</translation>
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
        <source>guest</source>
        <translation>مهمان</translation>
    </message>
    <message>
        <source>— earlier messages —</source>
        <translation>— پیام‌های پیشین —</translation>
    </message>
    <message>
        <source>— new since you left —</source>
        <translation>— تازه‌ها از وقتی رفتید —</translation>
    </message>
    <message>
        <source>{nick} joined</source>
        <translation>{nick} پیوست</translation>
    </message>
    <message>
        <source>You joined {room}</source>
        <translation>به {room} پیوستید</translation>
    </message>
    <message>
        <source>{nick} left</source>
        <translation>{nick} بیرون رفت</translation>
    </message>
    <message>
        <source>{nick} left ({reason})</source>
        <translation>{nick} بیرون رفت ({reason})</translation>
    </message>
    <message>
        <source>You left {room}</source>
        <translation>از {room} بیرون رفتید</translation>
    </message>
    <message>
        <source>{nick} was removed by {by}</source>
        <translation>{by} {nick} را بیرون کرد</translation>
    </message>
    <message>
        <source>{nick} was removed by {by} ({reason})</source>
        <translation>{by} {nick} را بیرون کرد ({reason})</translation>
    </message>
    <message>
        <source>You were removed by {by}</source>
        <translation>{by} شما را بیرون کرد</translation>
    </message>
    <message>
        <source>You were removed by {by} ({reason})</source>
        <translation>{by} شما را بیرون کرد ({reason})</translation>
    </message>
    <message>
        <source>{nick} left the chat</source>
        <translation>{nick} از گفتگو رفت</translation>
    </message>
    <message>
        <source>{nick} left the chat ({reason})</source>
        <translation>{nick} از گفتگو رفت ({reason})</translation>
    </message>
    <message>
        <source>{old} is now known as {new}</source>
        <translation>{old} اکنون {new} نام دارد</translation>
    </message>
    <message>
        <source>You are now known as {new}</source>
        <translation>اکنون نام شما {new} است</translation>
    </message>
    <message>
        <source>Topic: {topic}</source>
        <translation>موضوع: {topic}</translation>
    </message>
    <message>
        <source>{nick} changed the topic to: {topic}</source>
        <translation>{nick} موضوع را به این تغییر داد: {topic}</translation>
    </message>
    <message>
        <source>{nick} is away ({reason})</source>
        <translation>{nick} دور از دستگاه است ({reason})</translation>
    </message>
    <message>
        <source>{nick} is away</source>
        <translation>{nick} دور از دستگاه است</translation>
    </message>
    <message>
        <source>{nick} is back</source>
        <translation>{nick} برگشت</translation>
    </message>
    <message>
        <source>{nick} in {room}</source>
        <translation>{nick} در {room}</translation>
    </message>
    <message>
        <source>Connected as {nick}</source>
        <translation>با نام {nick} وصل هستید</translation>
    </message>
    <message>
        <source>Connected again as {nick}</source>
        <translation>دوباره با نام {nick} وصل هستید</translation>
    </message>
    <message>
        <source>Disconnected ({reason}); reconnecting…</source>
        <translation>اتصال قطع شد ({reason})؛ در حال اتصال دوباره…</translation>
    </message>
    <message>
        <source>Disconnected ({reason})</source>
        <translation>اتصال قطع شد ({reason})</translation>
    </message>
    <message>
        <source>Reconnecting in {seconds} s… ({reason})</source>
        <translation>اتصال دوباره تا {seconds} ثانیهٔ دیگر… ({reason})</translation>
    </message>
    <message>
        <source>(not sent yet — will be sent when reconnected)</source>
        <translation>(هنوز فرستاده نشده — پس از اتصال دوباره فرستاده می‌شود)</translation>
    </message>
    <message>
        <source>Offline: reconnecting… What you write now is sent once the connection is back.</source>
        <translation>آفلاین: در حال اتصال دوباره… آنچه اکنون می‌نویسید پس از برقراری اتصال فرستاده می‌شود.</translation>
    </message>
    <message>
        <source>Connected to {address} as {nick}</source>
        <translation>به {address} با نام {nick} وصل شدید</translation>
    </message>
    <message>
        <source>Not encrypted: this host speaks plain text only.</source>
        <translation>بدون رمزگذاری: این میزبان فقط متن ساده می‌فهمد.</translation>
    </message>
    <message>
        <source>Encrypted. The host&apos;s certificate fingerprint is {fingerprint}</source>
        <translation>رمزگذاری‌شده. اثر انگشت گواهی میزبان: {fingerprint}</translation>
    </message>
    <message>
        <source>First visit: ask the host to read theirs out, to be sure it matches.</source>
        <translation>نخستین دیدار: از میزبان بخواهید اثر انگشتش را بلند بخواند تا مطمئن شوید یکی است.</translation>
    </message>
    <message>
        <source>Fingerprint before: {fingerprint}</source>
        <translation>اثر انگشت پیشین: {fingerprint}</translation>
    </message>
    <message>
        <source>Fingerprint now:    {fingerprint}</source>
        <translation>اثر انگشت کنونی: {fingerprint}</translation>
    </message>
    <message>
        <source>Search for “{query}”: {count} found, newest first</source>
        <translation>جستجوی «{query}»: {count} مورد پیدا شد، تازه‌ترین‌ها اول</translation>
    </message>
    <message>
        <source>Nothing found for “{query}”.</source>
        <translation>برای «{query}» چیزی پیدا نشد.</translation>
    </message>
    <message>
        <source>Only the newest {count} are shown; add words to narrow the search.</source>
        <translation>فقط {count} مورد تازه‌تر نشان داده شده است؛ برای محدودتر کردن جستجو واژه‌های بیشتری بنویسید.</translation>
    </message>
    <message>
        <source>Search is not available: this app&apos;s log could not be opened.</source>
        <translation>جستجو در دسترس نیست: بایگانی گفتگوهای این برنامه باز نشد.</translation>
    </message>
    <message>
        <source>/more [#ROOM or NICK]</source>
        <translation>/more [#اتاق یا کاربر]</translation>
    </message>
    <message>
        <source>show the previous page of this conversation&apos;s history, oldest first</source>
        <translation>نمایش صفحهٔ پیشین تاریخچهٔ این گفتگو، قدیمی‌ترین‌ها اول</translation>
    </message>
    <message>
        <source>Earlier in {where}, oldest first ({count} lines):</source>
        <translation>پیش‌تر در {where}، قدیمی‌ترین‌ها اول ({count} خط):</translation>
    </message>
    <message>
        <source>Nothing older in {where}: the host&apos;s history of it starts here.</source>
        <translation>در {where} چیز قدیمی‌تری نیست: تاریخچهٔ میزبان از همین‌جا شروع می‌شود.</translation>
    </message>
    <message>
        <source>The previous page of {where} is on its way.</source>
        <translation>صفحهٔ پیشین {where} در راه است.</translation>
    </message>
    <message>
        <source>Earlier messages not shown — load them</source>
        <translation>پیام‌های پیشین نشان داده نشده‌اند — بارگذاری‌شان کنید</translation>
    </message>
    <message>
        <source>This host keeps no history: there are no earlier pages to show.</source>
        <translation>این میزبان تاریخچه نگه نمی‌دارد: صفحهٔ پیشینی برای نمایش نیست.</translation>
    </message>
    <message>
        <source>{where} is not open here: /more pages a room you are in or a private conversation you have.</source>
        <translation>{where} اینجا باز نیست: /more صفحه‌های پیشین اتاقی را که در آن هستید یا گفتگوی خصوصی‌ای را که دارید نشان می‌دهد.</translation>
    </message>
    <message>
        <source>To trust the new one, run again with {option}</source>
        <translation>برای پذیرفتن گواهی تازه، دوباره با این گزینه اجرا کنید: {option}</translation>
    </message>
    <message>
        <source>Private conversation with {nick}: /msg {nick} TEXT writes to them only</source>
        <translation>گفتگوی خصوصی با {nick}: با /msg {nick} متن فقط برای او می‌نویسید</translation>
    </message>
    <message>
        <source>private</source>
        <translation>خصوصی</translation>
    </message>
    <message>
        <source>private → {nick}</source>
        <translation>خصوصی ← {nick}</translation>
    </message>
    <message>
        <source>(earlier)</source>
        <translation>(پیشتر)</translation>
    </message>
    <message>
        <source>Connection closed</source>
        <translation>اتصال بسته شد</translation>
    </message>
    <message>
        <source>The server closed the connection</source>
        <translation>سرور اتصال را بست</translation>
    </message>
    <message>
        <source>TLS error: {detail}</source>
        <translation>خطای TLS: {detail}</translation>
    </message>
    <message>
        <source>Internal error: {detail}</source>
        <translation>خطای درونی: {detail}</translation>
    </message>
    <message>
        <source>{text}</source>
        <translation>{text}</translation>
    </message>
    <message>
        <source>Port {port} is already in use on this computer; choose another port or close the program that uses it.</source>
        <translation>درگاه {port} روی این رایانه در حال استفاده است؛ درگاه دیگری انتخاب کنید یا برنامه‌ای را که از آن استفاده می‌کند ببندید.</translation>
    </message>
    <message>
        <source>Could not host on port {port} ({detail}); choose a port between 1024 and 65535.</source>
        <translation>میزبانی روی درگاه {port} ممکن نشد ({detail})؛ درگاهی بین ۱۰۲۴ و ۶۵۵۳۵ انتخاب کنید.</translation>
    </message>
    <message>
        <source>This computer does not let Gofto use port {port}; choose a port above 1024.</source>
        <translation>این رایانه اجازه نمی‌دهد گفتو از درگاه {port} استفاده کند؛ درگاهی بالاتر از ۱۰۲۴ انتخاب کنید.</translation>
    </message>
    <message>
        <source>Could not reach a chat at {address}; check the address and that the host is running Gofto.</source>
        <translation>به گفتگویی در {address} دسترسی پیدا نشد؛ نشانی را بررسی کنید و مطمئن شوید که میزبان گفتو را اجرا کرده است.</translation>
    </message>
    <message>
        <source>Could not reach a chat at {address} ({detail}); check the address and that the host is running Gofto.</source>
        <translation>به گفتگویی در {address} دسترسی پیدا نشد ({detail})؛ نشانی را بررسی کنید و مطمئن شوید که میزبان گفتو را اجرا کرده است.</translation>
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
        <source>Could not make an encrypted connection to {address}, which was encrypted before; Gofto will not join it unencrypted. Ask the host what changed.</source>
        <translation>اتصال رمزگذاری‌شده به {address} برقرار نشد، در حالی که پیش‌تر رمزگذاری‌شده بود؛ گفتو بدون رمزگذاری به آن نمی‌پیوندد. از میزبان بپرسید چه چیزی تغییر کرده است.</translation>
    </message>
    <message>
        <source>Could not make an encrypted connection to {address} ({detail}), which was encrypted before; Gofto will not join it unencrypted. Ask the host what changed.</source>
        <translation>اتصال رمزگذاری‌شده به {address} برقرار نشد ({detail})، در حالی که پیش‌تر رمزگذاری‌شده بود؛ گفتو بدون رمزگذاری به آن نمی‌پیوندد. از میزبان بپرسید چه چیزی تغییر کرده است.</translation>
    </message>
    <message>
        <source>{nick} set mode {modes}</source>
        <translation>{nick} حالت {modes} را گذاشت</translation>
    </message>
    <message>
        <source>/send PATH</source>
        <translation>/send مسیر</translation>
    </message>
    <message>
        <source>share a file through the host (posts its link)</source>
        <translation>پرونده‌ای را از راه میزبان بفرست (پیوندش فرستاده می‌شود)</translation>
    </message>
    <message>
        <source>This host does not take files.</source>
        <translation>این میزبان پرونده نمی‌پذیرد.</translation>
    </message>
    <message>
        <source>There is no file at {path}.</source>
        <translation>در {path} پرونده‌ای نیست.</translation>
    </message>
    <message>
        <source>The host refused to take a file: {reason}</source>
        <translation>میزبان پرونده را نپذیرفت: {reason}</translation>
    </message>
    <message>
        <source>Sending {name}…</source>
        <translation>در حال فرستادن {name}…</translation>
    </message>
    <message>
        <source>Saving {name}…</source>
        <translation>در حال ذخیرهٔ {name}…</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} ذخیره شد.</translation>
    </message>
    <message>
        <source>No file was shared in this conversation yet.</source>
        <translation>هنوز پرونده‌ای در این گفتگو فرستاده نشده است.</translation>
    </message>
    <message>
        <source>Cannot read {name}: {reason}.</source>
        <translation>{name} خوانده نمی‌شود: {reason}.</translation>
    </message>
    <message>
        <source>Sending {name} failed: {reason}.</source>
        <translation>فرستادن {name} نشد: {reason}.</translation>
    </message>
    <message>
        <source>Saving the file failed: {reason}.</source>
        <translation>ذخیرهٔ پرونده نشد: {reason}.</translation>
    </message>
    <message>
        <source>The download was cut short; try again.</source>
        <translation>دریافت نیمه‌کاره ماند؛ دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>Sending {name} was cut short; try again.</source>
        <translation>فرستادن {name} نیمه‌کاره ماند؛ دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>The host offers files over an address Gofto does not use.</source>
        <translation>میزبان پرونده‌ها را از نشانی‌ای می‌دهد که گفتو به کار نمی‌برد.</translation>
    </message>
    <message>
        <source>Files are shared only over an encrypted connection.</source>
        <translation>پرونده‌ها فقط از راه اتصال رمزگذاری‌شده جابه‌جا می‌شوند.</translation>
    </message>
    <message>
        <source>The host did not accept the upload token; try again.</source>
        <translation>میزبان نشانهٔ بارگذاری را نپذیرفت؛ دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>{name} is larger than this host accepts.</source>
        <translation>{name} بزرگ‌تر از اندازه‌ای است که این میزبان می‌پذیرد.</translation>
    </message>
    <message>
        <source>That file is no longer on the host.</source>
        <translation>آن پرونده دیگر روی میزبان نیست.</translation>
    </message>
    <message>
        <source>The host is busy with your other transfers; try again in a moment.</source>
        <translation>میزبان سرگرم جابه‌جایی‌های دیگر شماست؛ کمی بعد دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>The host is busy, so {name} was not sent; try again in {seconds} seconds.</source>
        <translation>میزبان سرش شلوغ است، برای همین {name} فرستاده نشد؛ {seconds} ثانیهٔ دیگر دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>The host answered {status}; {name} was not transferred.</source>
        <translation>میزبان پاسخ {status} داد؛ {name} جابه‌جا نشد.</translation>
    </message>
    <message>
        <source>The host answered {status}; the file was not saved.</source>
        <translation>میزبان پاسخ {status} داد؛ پرونده ذخیره نشد.</translation>
    </message>
    <message>
        <source>The transfer was cancelled.</source>
        <translation>جابه‌جایی لغو شد.</translation>
    </message>
    <message>
        <source>The host refused the connection: there are too many connections from your address. Wait a minute, or close other connections to this host, then try again.</source>
        <translation>میزبان اتصال را نپذیرفت: از نشانی شما اتصال‌های زیادی باز است. یک دقیقه صبر کنید یا اتصال‌های دیگرتان به این میزبان را ببندید، سپس دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>The host is full and lets nobody else in right now; try again later.</source>
        <translation>میزبان پر است و فعلاً کس دیگری را نمی‌پذیرد؛ بعداً دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>The host is busy letting others in; try again in a minute.</source>
        <translation>میزبان سرگرم پذیرفتن دیگران است؛ یک دقیقهٔ دیگر دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>No answer from {address}</source>
        <translation>پاسخی از {address} نیامد</translation>
    </message>
</context>
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
        <source>Replying to %1: %2</source>
        <translation>در پاسخ به %1: %2</translation>
    </message>
    <message>
        <source>Cancel the reply</source>
        <translation>لغو پاسخ</translation>
    </message>
    <message>
        <source>Emoji</source>
        <translation>شکلک</translation>
    </message>
    <message>
        <source>Insert an emoji (%1)</source>
        <translation>افزودن شکلک (%1)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Invite link copied</source>
        <translation>پیوند دعوت رونوشت شد</translation>
    </message>
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
        <source>Send the pasted lines?</source>
        <extracomment>The &quot;send N lines?&quot; question while it is open (tests answer it through this).</extracomment>
        <translation>خط‌های چسبانده‌شده فرستاده شوند؟</translation>
    </message>
    <message>
        <source>The pasted text has %n line(s). Send it?</source>
        <translation>متن چسبانده‌شده %n خط دارد. فرستاده شود؟</translation>
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
    <name>StartDialog</name>
    <message>
        <source>&amp;Chats found on your network:</source>
        <translation>&amp;گفتگوهای پیداشده در شبکهٔ شما:</translation>
    </message>
    <message>
        <source>Choose a chat in the list and press Enter, or type the host&apos;s address.</source>
        <translation>گفتگویی را در فهرست برگزینید و Enter را بزنید، یا نشانی میزبان را بنویسید.</translation>
    </message>
    <message>
        <source>This chat needs the room password: type it, then press Enter.</source>
        <translation>این گفتگو گذرواژهٔ اتاق می‌خواهد: آن را بنویسید و Enter را بزنید.</translation>
    </message>
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
        <translation>مثلاً 192.168.1.20:5000</translation>
    </message>
    <message>
        <source>host, host:port, [IPv6]:port or an irc://host:port/room link</source>
        <translation>نشانی میزبان، نشانی:درگاه، [IPv6]:درگاه یا پیوندی مانند irc://host:port/room</translation>
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
    <name>TkFiles</name>
    <message>
        <source>Send file</source>
        <translation>فرستادن پرونده</translation>
    </message>
    <message>
        <source>Save file</source>
        <translation>ذخیرهٔ پرونده</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>ذخیره…</translation>
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
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;گفتگو</translation>
    </message>
    <message>
        <source>&amp;Send file…</source>
        <translation>&amp;فرستادن پرونده…</translation>
    </message>
    <message>
        <source>Sa&amp;ve file…</source>
        <translation>&amp;ذخیرهٔ پرونده…</translation>
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
    <message>
        <source>Hosts this chat.</source>
        <translation>میزبان این گفتگو است.</translation>
    </message>
    <message>
        <source>you</source>
        <translation>شما</translation>
    </message>
    <message>
        <source>host</source>
        <translation>میزبان</translation>
    </message>
    <message>
        <source>away</source>
        <translation>دور از دستگاه</translation>
    </message>
    <message>
        <source>People in the room</source>
        <translation>افراد اتاق</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>اطلاعات</translation>
    </message>
</context>
<context>
    <name>MenuBar</name>
    <message>
        <source>C&amp;onnection…</source>
        <translation>ا&amp;تصال…</translation>
    </message>
    <message>
        <source>&amp;Search…</source>
        <translation>&amp;جستجو…</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;گفتگو</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;نما</translation>
    </message>
    <message>
        <source>H&amp;ost</source>
        <translation>&amp;میزبان</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <source>&amp;Join Room…</source>
        <translation>&amp;پیوستن به اتاق…</translation>
    </message>
    <message>
        <source>&amp;New Private Conversation…</source>
        <translation>گفتگوی &amp;خصوصی تازه…</translation>
    </message>
    <message>
        <source>&amp;Leave Room</source>
        <translation>&amp;ترک اتاق</translation>
    </message>
    <message>
        <source>Close Private Conversation</source>
        <translation>بستن گفتگوی خصوصی</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;تنظیمات…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>&amp;Rooms</source>
        <translation>&amp;اتاق‌ها</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;پیام</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>&amp;افراد</translation>
    </message>
    <message>
        <source>Re&amp;fresh Room List</source>
        <translation>&amp;تازه‌سازی فهرست اتاق‌ها</translation>
    </message>
    <message>
        <source>Change Room &amp;Password…</source>
        <translation>تغییر &amp;گذرواژهٔ اتاق…</translation>
    </message>
    <message>
        <source>Set &amp;Topic…</source>
        <translation>تعیین &amp;موضوع…</translation>
    </message>
    <message>
        <source>&amp;Kick Someone…</source>
        <translation>&amp;بیرون کردن کسی…</translation>
    </message>
    <message>
        <source>&amp;Ban Someone…</source>
        <translation>م&amp;حروم کردن کسی…</translation>
    </message>
    <message>
        <source>&amp;Commands</source>
        <translation>&amp;فرمان‌ها</translation>
    </message>
    <message>
        <source>&amp;About Gofto</source>
        <translation>&amp;دربارهٔ گفتو</translation>
    </message>
</context>
<context>
    <name>PersonCard</name>
    <message>
        <source>About %1</source>
        <translation>دربارهٔ %1</translation>
    </message>
    <message>
        <source>Looking up…</source>
        <translation>در حال جست‌وجو…</translation>
    </message>
    <message>
        <source>Nobody with this name is in the chat now.</source>
        <translation>اکنون کسی با این نام در گفتگو نیست.</translation>
    </message>
    <message>
        <source>Hosts this chat</source>
        <translation>میزبان این گفتگو</translation>
    </message>
    <message>
        <source>Away: %1</source>
        <translation>دور از دستگاه: %1</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>حاضر</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>نام:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>نشانی:</translation>
    </message>
    <message>
        <source>Rooms:</source>
        <translation>اتاق‌ها:</translation>
    </message>
    <message>
        <source>Idle:</source>
        <translation>بی‌کار:</translation>
    </message>
    <message>
        <source>Connected since:</source>
        <translation>وصل از:</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>حساب:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>سرور:</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>اتصال:</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>رمزگذاری‌شده</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 ساعت و %2 دقیقه</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 دقیقه</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 ثانیه</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Your &amp;key:</source>
        <translation>&amp;کلید شما:</translation>
    </message>
    <message>
        <source>Export key…</source>
        <translation>برون‌بری کلید…</translation>
    </message>
    <message>
        <source>Import key…</source>
        <translation>درون‌بری کلید…</translation>
    </message>
    <message>
        <source>Save your key to a file, to use your name from another computer. Anyone with the file can use your name: keep it private.</source>
        <translation>کلیدتان را در پرونده‌ای ذخیره کنید تا نامتان را از رایانهٔ دیگری به کار ببرید. هر کس این پرونده را داشته باشد می‌تواند نام شما را به کار ببرد: آن را پیش خود نگه دارید.</translation>
    </message>
    <message>
        <source>Use a key exported on another computer instead of this one&apos;s.</source>
        <translation>کلیدی را که در رایانهٔ دیگری برون‌بری شده به جای کلید این رایانه به کار ببرید.</translation>
    </message>
    <message>
        <source>Save your key</source>
        <translation>ذخیرهٔ کلید شما</translation>
    </message>
    <message>
        <source>Protect the key file</source>
        <translation>محافظت از پروندهٔ کلید</translation>
    </message>
    <message>
        <source>A password to protect the file (leave empty for none):</source>
        <translation>گذرواژه‌ای برای محافظت از پرونده (برای بی‌گذرواژه خالی بگذارید):</translation>
    </message>
    <message>
        <source>Your key was saved to {path} (fingerprint {fingerprint}). Anyone with this file can use your name: keep it private.</source>
        <translation>کلید شما در {path} ذخیره شد (اثر انگشت {fingerprint}). هر کس این پرونده را داشته باشد می‌تواند نام شما را به کار ببرد: آن را پیش خود نگه دارید.</translation>
    </message>
    <message>
        <source>Choose a key file</source>
        <translation>یک پروندهٔ کلید برگزینید</translation>
    </message>
    <message>
        <source>Open the key file</source>
        <translation>باز کردن پروندهٔ کلید</translation>
    </message>
    <message>
        <source>The file&apos;s password (leave empty if it has none):</source>
        <translation>گذرواژهٔ پرونده (اگر ندارد خالی بگذارید):</translation>
    </message>
    <message>
        <source>This computer already uses that key.</source>
        <translation>این رایانه همین حالا همان کلید را به کار می‌برد.</translation>
    </message>
    <message>
        <source>Replace your key?</source>
        <translation>کلیدتان جایگزین شود؟</translation>
    </message>
    <message>
        <source>Use the key with fingerprint {fingerprint} from now on? The key this computer uses now is lost unless you exported it, and the names it owns on hosts are no longer yours here.</source>
        <translation>از این پس کلیدِ با اثر انگشت {fingerprint} به کار رود؟ کلیدی که این رایانه اکنون به کار می‌برد از دست می‌رود مگر آن را برون‌بری کرده باشید، و نام‌هایی که روی میزبان‌ها از آنِ آن است دیگر در اینجا از آنِ شما نیست.</translation>
    </message>
    <message>
        <source>Key imported (fingerprint {fingerprint}); it is used from the next connection.</source>
        <translation>کلید درون‌بری شد (اثر انگشت {fingerprint})؛ از اتصال بعدی به کار می‌رود.</translation>
    </message>
    <message>
        <source>&amp;Privacy:</source>
        <translation>&amp;حریم خصوصی:</translation>
    </message>
    <message>
        <source>Send typing notifications</source>
        <translation>به دیگران بگو که در حال نوشتن هستم</translation>
    </message>
    <message>
        <source>&amp;Nickname:</source>
        <translation>&amp;نام مستعار:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;پوسته:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;زبان:</translation>
    </message>
    <message>
        <source>N&amp;otifications:</source>
        <translation>&amp;اعلان‌ها:</translation>
    </message>
    <message>
        <source>&amp;Sound:</source>
        <translation>&amp;صدا:</translation>
    </message>
    <message>
        <source>&amp;Away after:</source>
        <translation>&amp;دور از دستگاه پس از:</translation>
    </message>
    <message>
        <source>&amp;Closing the window:</source>
        <translation>بستن &amp;پنجره:</translation>
    </message>
    <message>
        <source>Like the system</source>
        <translation>مانند سیستم</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>روشن</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>تیره</translation>
    </message>
    <message>
        <source>Every message</source>
        <translation>همهٔ پیام‌ها</translation>
    </message>
    <message>
        <source>Mentions of my name and private messages</source>
        <translation>وقتی نامم آمد و پیام‌های خصوصی</translation>
    </message>
    <message>
        <source>None</source>
        <translation>هیچ</translation>
    </message>
    <message>
        <source>Play a sound with notifications</source>
        <translation>پخش صدا همراه اعلان‌ها</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>هرگز</translation>
    </message>
    <message>
        <source> min idle</source>
        <translation> دقیقه بی‌کاری</translation>
    </message>
    <message>
        <source>Keep the chat running in the system tray</source>
        <translation>گفتگو در سینی سیستم باز بماند</translation>
    </message>
    <message>
        <source>Others see you as away after this many minutes without activity.</source>
        <translation>پس از این چند دقیقه بی‌کاری، دیگران شما را دور از دستگاه می‌بینند.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>تنظیمات</translation>
    </message>
</context>
<context>
    <name>WindowChrome</name>
    <message>
        <source>Join Room</source>
        <translation>پیوستن به اتاق</translation>
    </message>
    <message>
        <source>Room to join or create (for example #books):</source>
        <translation>اتاقی که می‌خواهید به آن بپیوندید یا بسازید (مثلاً #books):</translation>
    </message>
    <message>
        <source>New Private Conversation</source>
        <translation>گفتگوی خصوصی تازه</translation>
    </message>
    <message>
        <source>Talk privately with:</source>
        <translation>گفتگوی خصوصی با:</translation>
    </message>
    <message>
        <source>Change Room Password</source>
        <translation>تغییر گذرواژهٔ اتاق</translation>
    </message>
    <message>
        <source>New password for joining this chat (empty: no password):</source>
        <translation>گذرواژهٔ تازه برای پیوستن به این گفتگو (خالی: بدون گذرواژه):</translation>
    </message>
    <message>
        <source>Set Topic</source>
        <translation>تعیین موضوع</translation>
    </message>
    <message>
        <source>Topic of %1:</source>
        <translation>موضوع %1:</translation>
    </message>
    <message>
        <source>Ban Someone</source>
        <translation>محروم کردن کسی</translation>
    </message>
    <message>
        <source>Kick Someone</source>
        <translation>بیرون کردن کسی</translation>
    </message>
    <message>
        <source>Ban from %1:</source>
        <translation>محروم کردن از %1:</translation>
    </message>
    <message>
        <source>Put out of %1:</source>
        <translation>بیرون کردن از %1:</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>فرمان‌ها</translation>
    </message>
    <message>
        <source>Away from the computer</source>
        <translation>دور از رایانه</translation>
    </message>
    <message>
        <source>Gofto is still running here; click the icon to open it.</source>
        <translation>گفتو هنوز این‌جا باز است؛ برای باز کردنش روی نماد کلیک کنید.</translation>
    </message>
    <message>
        <source>Open Gofto</source>
        <translation>باز کردن گفتو</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
</context>
<context>
    <name>RoomsPane</name>
    <message>
        <source>%1 unread</source>
        <translation>%1 نخوانده</translation>
    </message>
    <message>
        <source>you are in it</source>
        <translation>شما در آن هستید</translation>
    </message>
    <message>
        <source>press Enter to join</source>
        <translation>برای پیوستن Enter را بزنید</translation>
    </message>
    <message>
        <source>1 person</source>
        <translation>۱ نفر</translation>
    </message>
    <message>
        <source>%1 people</source>
        <translation>%1 نفر</translation>
    </message>
    <message>
        <source>&amp;Rooms</source>
        <translation>&amp;اتاق‌ها</translation>
    </message>
    <message>
        <source>Private &amp;conversations</source>
        <translation>گفتگوهای &amp;خصوصی</translation>
    </message>
    <message>
        <source>Create a new room</source>
        <translation>ساختن اتاق تازه</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>اتاق‌ها</translation>
    </message>
    <message>
        <source>Private conversations</source>
        <translation>گفتگوهای خصوصی</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>باز کردن</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Leave room</source>
        <translation>ترک اتاق</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>پیوستن</translation>
    </message>
    <message>
        <source>New room…</source>
        <translation>اتاق تازه…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>تازه‌سازی</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Messages</source>
        <translation>پیام‌ها</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>امروز</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>دیروز</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 پیوستند</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 رفتند</translation>
    </message>
    <message>
        <source>%1 changed their name</source>
        <translation>%1 نامشان را عوض کردند</translation>
    </message>
    <message>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <source> and %1 more</source>
        <translation> و %1 نفر دیگر</translation>
    </message>
</context>
<context>
    <name>EmojiPicker</name>
    <message>
        <source>Emoji</source>
        <translation>شکلک</translation>
    </message>
    <message>
        <source>Search emoji</source>
        <translation>جستجوی شکلک</translation>
    </message>
</context>
<context>
    <name>Sharing</name>
    <message>
        <source>Send file — Gofto</source>
        <translation>فرستادن پرونده — Gofto</translation>
    </message>
    <message>
        <source>Save file — Gofto</source>
        <translation>ذخیرهٔ پرونده — Gofto</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>پیوست کردن پرونده</translation>
    </message>
    <message>
        <source>Send a file or picture (%1)</source>
        <translation>فرستادن پرونده یا تصویر (%1)</translation>
    </message>
    <message>
        <source>Picture: %1</source>
        <translation>تصویر: %1</translation>
    </message>
    <message>
        <source>File: %1, %2 (Enter saves it)</source>
        <translation>پرونده: %1، %2 (Enter ذخیره‌اش می‌کند)</translation>
    </message>
    <message>
        <source>Drop to share with %1</source>
        <translation>رها کنید تا در %1 هم‌رسانی شود</translation>
    </message>
    <message>
        <source>Drop to share privately with %1</source>
        <translation>رها کنید تا به‌طور خصوصی برای %1 فرستاده شود</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Save…</source>
        <translation>ذخیره…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>در حال بارگیری…</translation>
    </message>
</context>
<context>
    <name>PictureViewer</name>
    <message>
        <source>Picture</source>
        <translation>تصویر</translation>
    </message>
    <message>
        <source>This picture cannot be shown.</source>
        <translation>این تصویر نمایش داده نمی‌شود.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>در حال بارگیری…</translation>
    </message>
</context>
<context>
    <name>TransferRow</name>
    <message>
        <source>Sending %1…</source>
        <translation>در حال فرستادن %1…</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>در حال ذخیرهٔ %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Cancel the transfer</source>
        <translation>لغو جابه‌جایی</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Search</source>
        <translation>جستجو</translation>
    </message>
    <message>
        <source>Search every conversation…</source>
        <translation>جستجو در همهٔ گفتگوها…</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>نتیجه‌ها</translation>
    </message>
</context>
<context>
    <name>Hosting</name>
    <message>
        <source>{nick}&apos;s chat</source>
        <translation>گفتگوی {nick}</translation>
    </message>
</context>
<context>
    <name>DiscoveredList</name>
    <message>
        <source>%1 in the room</source>
        <translation>%1 نفر در اتاق</translation>
    </message>
    <message>
        <source>needs the room password</source>
        <translation>گذرواژهٔ اتاق لازم است</translation>
    </message>
</context>
<context>
    <name>InviteBanner</name>
    <message>
        <source>You are hosting. Others can join at: %1</source>
        <translation>شما میزبان هستید. دیگران می‌توانند بپیوندند در: %1</translation>
    </message>
    <message>
        <source>Invite link: it carries this chat&apos;s certificate fingerprint</source>
        <translation>پیوند دعوت: اثر انگشت گواهی این گفتگو را با خود دارد</translation>
    </message>
    <message>
        <source>Copy invite</source>
        <translation>رونوشت دعوت</translation>
    </message>
    <message>
        <source>Encrypted. Comparison code to read out: %1</source>
        <translation>رمزگذاری‌شده. کد مقایسه برای خواندن بلند: %1</translation>
    </message>
    <message>
        <source>Full fingerprint</source>
        <translation>اثر انگشت کامل</translation>
    </message>
    <message>
        <source>QR code of the invite link %1</source>
        <translation>کد QR پیوند دعوت %1</translation>
    </message>
    <message>
        <source>QR code of the invite link</source>
        <translation>کد QR پیوند دعوت</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Pinned by the invite link</source>
        <translation>با پیوند دعوت تثبیت شده</translation>
    </message>
    <message>
        <source>Pinned from the chat&apos;s network announcement</source>
        <translation>از اعلام گفتگو در شبکه تثبیت شده</translation>
    </message>
    <message>
        <source>Trusted on first use</source>
        <translation>در نخستین اتصال پذیرفته شده</translation>
    </message>
    <message>
        <source>Accepted by you after it changed</source>
        <translation>پس از تغییر، به دست شما پذیرفته شده</translation>
    </message>
    <message>
        <source>Your own chat&apos;s certificate</source>
        <translation>گواهی گفتگوی خود شما</translation>
    </message>
    <message>
        <source>Connection — {app}</source>
        <translation>اتصال — {app}</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>میزبان:</translation>
    </message>
    <message>
        <source>Encrypted (TLS)</source>
        <translation>رمزگذاری‌شده (TLS)</translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation>رمزگذاری‌نشده</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>اتصال:</translation>
    </message>
    <message>
        <source>Comparison code:</source>
        <translation>کد مقایسه:</translation>
    </message>
    <message>
        <source>Trust:</source>
        <translation>اعتماد:</translation>
    </message>
    <message>
        <source>Since:</source>
        <translation>از:</translation>
    </message>
    <message>
        <source>Show full fingerprint</source>
        <translation>نمایش اثر انگشت کامل</translation>
    </message>
    <message>
        <source>Ask the host to read out the comparison code on their banner: if it is the same, nobody is in between.</source>
        <translation>از میزبان بخواهید کد مقایسهٔ روی نوار خود را بلند بخواند: اگر همین باشد، کسی در میان نیست.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
</context>
<context>
    <name>CommandsDialog</name>
    <message>
        <source>Send the message</source>
        <translation>فرستادن پیام</translation>
    </message>
    <message>
        <source>On an empty line: go to the newest message</source>
        <translation>در خط خالی: رفتن به تازه‌ترین پیام</translation>
    </message>
    <message>
        <source>Recall what you sent (then Up and Down go on)</source>
        <translation>آوردن دوبارهٔ آنچه فرستاده‌اید (سپس Up و Down ادامه می‌دهند)</translation>
    </message>
    <message>
        <source>Complete a nickname; on an empty line, go to the people</source>
        <translation>کامل کردن نام؛ در خط خالی، رفتن به فهرست افراد</translation>
    </message>
    <message>
        <source>On a message: reply to it</source>
        <translation>روی یک پیام: پاسخ دادن به آن</translation>
    </message>
    <message>
        <source>On a message: react to it with an emoji</source>
        <translation>روی یک پیام: واکنش با شکلک</translation>
    </message>
    <message>
        <source>On your own message: delete it</source>
        <translation>روی پیام خودتان: پاک کردن آن</translation>
    </message>
    <message>
        <source>Back to the input; drop the reply being written</source>
        <translation>بازگشت به خط نوشتن؛ کنار گذاشتن پاسخی که می‌نویسید</translation>
    </message>
    <message>
        <source>Copy the selected messages</source>
        <translation>رونوشت برداشتن از پیام‌های برگزیده</translation>
    </message>
    <message>
        <source>Search the conversations</source>
        <translation>جست‌وجو در گفتگوها</translation>
    </message>
    <message>
        <source>Insert an emoji</source>
        <translation>افزودن شکلک</translation>
    </message>
    <message>
        <source>Send a file or picture</source>
        <translation>فرستادن پرونده یا تصویر</translation>
    </message>
    <message>
        <source>Zoom the messages</source>
        <translation>بزرگ‌نمایی پیام‌ها</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>صفحه‌کلید</translation>
    </message>
</context>
</TS>
