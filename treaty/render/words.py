"""The fixed words of a compiled draft (its *furniture*) in the six UN languages.

A French draft reads French throughout: the masthead ("Distr. générale", "Original :
anglais", "21 avril 2023"), the legend, "Table des matières", the index of proposals and its
labels, the annex titles, the status labels in the text ("adopté") and "page 1 sur 3".
One table, message id -> {language: words}; ``{name}`` placeholders are filled by `Words.say`.
Words with inline marks (the legend: brackets, bold underline, strike-through, chips) are
written ``{kind:words}`` and read into `Piece` s, which every writer renders with its own
markup (HTML, Typst, Word, Markdown), so the six languages are written once, not per format.

The terminology follows the UN's documents in each language (see docs/languages.md):
French puts a no-break space before ``:`` and ``;``, Arabic uses the Arabic comma, Chinese
full-width punctuation. Any language outside the six gets the English words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..reasons import ENGLISH, Reason

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
MASTHEAD_IN_ENGLISH = ("ru", "ar", "zh")
"""UN documents in Russian, Arabic and Chinese print the masthead's right-hand block in
English: "Distr.: General / 16 July 2020 / Arabic / Original: English" (A/74/L.75 in Arabic,
S/1999/589 in Russian); French and Spanish ones in their own language ("Distr. générale",
"Original : anglais"). `Words.masthead` gives the words of that block."""
NB = "\u00a0"
"""No-break space (French puts one before ``:``, ``;``, ``?``, ``!``)."""

WORDS: dict[str, dict[str, str]] = {
    # -- the masthead ----------------------------------------------------------------------
    "distr_general": {
        "en": "Distr.: General", "fr": "Distr. générale", "es": "Distr. general",
        "ru": "Общее распространение", "ar": "التوزيع: عام", "zh": "普遍分发"},
    "distr_limited": {
        "en": "Distr.: Limited", "fr": "Distr. limitée", "es": "Distr. limitada",
        "ru": "Ограниченное распространение", "ar": "التوزيع: محدود", "zh": "限制分发"},
    "distr_restricted": {
        "en": "Distr.: Restricted", "fr": "Distr. restreinte", "es": "Distr. reservada",
        "ru": "Распространение: для служебного пользования", "ar": "التوزيع: مقيد",
        "zh": "内部分发"},
    "distr": {
        "en": "Distr.: {value}", "fr": "Distr. {value}", "es": "Distr. {value}",
        "ru": "Распространение: {value}", "ar": "التوزيع: {value}", "zh": "分发：{value}"},
    "original": {
        "en": "Original: {language}", "fr": f"Original{NB}: {{language}}",
        "es": "Original: {language}", "ru": "Язык оригинала: {language}",
        "ar": "الأصل: {language}", "zh": "原文：{language}"},
    "version": {
        "en": "{mode} · version {label}", "fr": "{mode} · version {label}",
        "es": "{mode} · versión {label}", "ru": "{mode} · версия {label}",
        "ar": "{mode} · النسخة {label}", "zh": "{mode} · 版本 {label}"},
    "mode_bracketed": {
        "en": "Bracketed negotiating text", "fr": "Texte de négociation entre crochets",
        "es": "Texto de negociación entre corchetes",
        "ru": "Текст для переговоров в квадратных скобках",
        "ar": "نص التفاوض بين أقواس معقوفة", "zh": "方括号谈判案文"},
    "mode_clean": {
        "en": "Clean text", "fr": "Texte sans marques", "es": "Texto limpio",
        "ru": "Чистый текст", "ar": "النص دون علامات", "zh": "无标记案文"},
    "mode_redline": {
        "en": "Changes against the base text", "fr": "Modifications apportées au texte de base",
        "es": "Cambios respecto del texto de base",
        "ru": "Изменения по сравнению с базовым текстом",
        "ar": "التغييرات مقارنة بالنص الأساسي", "zh": "与基础案文相比的修改"},
    # -- contents, index, annexes ------------------------------------------------------------
    "contents": {
        "en": "Contents", "fr": "Table des matières", "es": "Índice", "ru": "Содержание",
        "ar": "المحتويات", "zh": "目录"},
    "notes": {
        "en": "Notes", "fr": "Notes", "es": "Notas", "ru": "Примечания", "ar": "الحواشي",
        "zh": "注"},
    "index_title": {
        "en": "Index of proposals", "fr": "Index des propositions", "es": "Índice de propuestas",
        "ru": "Перечень предложений", "ar": "فهرس المقترحات", "zh": "提案索引"},
    "proposed_by": {
        "en": "Proposed by:", "fr": f"Proposée par{NB}:", "es": "Propuesta de:",
        "ru": "Предложено:", "ar": "مقدم من:", "zh": "提案方："},
    "supported_by": {
        "en": "Supported by:", "fr": f"Appuyée par{NB}:", "es": "Apoyada por:",
        "ru": "Поддержано:", "ar": "أيده:", "zh": "支持方："},
    "opposed_by": {
        "en": "Opposed by:", "fr": f"Contestée par{NB}:", "es": "Objetada por:",
        "ru": "Возражения:", "ar": "عارضه:", "zh": "反对方："},
    "annex": {
        "en": "Annex: {title}", "fr": f"Annexe{NB}: {{title}}", "es": "Anexo: {title}",
        "ru": "Приложение: {title}", "ar": "المرفق: {title}", "zh": "附件：{title}"},
    "unlocated_title": {
        "en": "Proposals not located in this text",
        "fr": "Propositions qui n’ont pu être situées dans le présent texte",
        "es": "Propuestas que no se han podido situar en el presente texto",
        "ru": "Предложения, которые не удалось найти в настоящем тексте",
        "ar": "مقترحات تعذر تحديد موضعها في هذا النص", "zh": "无法在本案文中定位的提案"},
    "unlocated_intro": {
        "en": "These changes could not be placed in the current text (the words they amend "
              "were not found, or were found more than once). They remain on the table and are "
              "listed here so that none is lost.",
        "fr": "Ces modifications n’ont pu être placées dans le texte actuel (les mots qu’elles "
              "modifient n’y figurent pas, ou y figurent plusieurs fois). Elles restent sur la "
              "table et sont énumérées ici afin qu’aucune ne soit perdue.",
        "es": "Estas modificaciones no se han podido situar en el texto actual (las palabras "
              "que modifican no se encontraron o se encontraron más de una vez). Siguen sobre la "
              "mesa y se enumeran aquí para que ninguna se pierda.",
        "ru": "Эти изменения не удалось внести в текущий текст (изменяемые ими слова не "
              "найдены или найдены более одного раза). Они остаются на рассмотрении и "
              "перечислены здесь, чтобы ни одно из них не было утеряно.",
        "ar": "تعذر وضع هذه التغييرات في النص الحالي (لم يُعثر على الكلمات التي تعدلها، أو "
              "عُثر عليها أكثر من مرة). وهي لا تزال مطروحة، وترد هنا حتى لا يضيع أي منها.",
        "zh": "这些修改无法放入当前案文（所修改的字词未找到，或出现不止一次）。它们仍在审议之中，"
              "列于此处，以免遗漏。"},
    "col_proposal": {
        "en": "Proposal", "fr": "Proposition", "es": "Propuesta", "ru": "Предложение",
        "ar": "المقترح", "zh": "提案"},
    "col_proposed_by": {
        "en": "Proposed by", "fr": "Proposée par", "es": "Propuesta de", "ru": "Кем предложено",
        "ar": "مقدم من", "zh": "提案方"},
    "col_change": {
        "en": "Change", "fr": "Modification", "es": "Modificación", "ru": "Изменение",
        "ar": "التغيير", "zh": "修改"},
    "col_reason": {
        "en": "Reason", "fr": "Motif", "es": "Motivo", "ru": "Причина", "ar": "السبب",
        "zh": "原因"},
    "col_closest": {
        "en": "Closest text", "fr": "Texte le plus proche", "es": "Texto más próximo",
        "ru": "Ближайший текст", "ar": "أقرب نص", "zh": "最接近的案文"},
    "col_why": {
        "en": "Why", "fr": "Motif", "es": "Motivo", "ru": "Причина", "ar": "السبب",
        "zh": "原因"},
    "foreign_title": {
        "en": "Proposals made on another language version",
        "fr": "Propositions faites sur une autre version linguistique",
        "es": "Propuestas formuladas sobre otra versión lingüística",
        "ru": "Предложения, внесенные в текст на другом языке",
        "ar": "مقترحات مقدمة على صيغة لغوية أخرى", "zh": "针对另一语文文本提出的提案"},
    "foreign_intro": {
        "en": "These proposals were made on another language version of the text and have no "
              "translation into this one yet. They are on the table and are shown here in their "
              "own language.",
        "fr": "Ces propositions ont été faites sur une autre version linguistique du texte et "
              "n’ont pas encore été traduites dans celle-ci. Elles sont sur la table et figurent "
              "ici dans leur propre langue.",
        "es": "Estas propuestas se formularon sobre otra versión lingüística del texto y aún no "
              "se han traducido a esta. Están sobre la mesa y figuran aquí en su propio idioma.",
        "ru": "Эти предложения были внесены в текст на другом языке и еще не переведены на "
              "этот язык. Они находятся на рассмотрении и приводятся здесь на языке оригинала.",
        "ar": "قُدمت هذه المقترحات على صيغة لغوية أخرى من النص ولم تُترجم بعد إلى هذه الصيغة. "
              "وهي مطروحة وترد هنا بلغتها الأصلية.",
        "zh": "这些提案是针对本案文的另一语文文本提出的，尚未译成本语文。它们仍在审议之中，"
              "此处以其原语文列出。"},
    "foreign_who": {
        "en": "; proposed by {who}", "fr": f"{NB}; proposée par {{who}}",
        "es": "; propuesta de {who}", "ru": "; предложено: {who}", "ar": "؛ مقدم من {who}",
        "zh": "；提案方：{who}"},
    "overtaken_title": {
        "en": "Proposals overtaken by adopted changes",
        "fr": "Propositions devenues sans objet du fait de modifications adoptées",
        "es": "Propuestas superadas por cambios aprobados",
        "ru": "Предложения, утратившие актуальность в связи с принятыми изменениями",
        "ar": "مقترحات تجاوزتها تغييرات معتمدة", "zh": "因已通过的修改而失去意义的提案"},
    "overtaken_intro": {
        "en": "These proposals compete with a change already adopted (shown integrated in the "
              "text): the words or units they amend are no longer there.",
        "fr": "Ces propositions sont en concurrence avec une modification déjà adoptée "
              "(intégrée au texte)\u00a0: les mots ou les dispositions qu’elles modifient n’y "
              "figurent plus.",
        "es": "Estas propuestas compiten con un cambio ya aprobado (integrado en el texto): las "
              "palabras o disposiciones que modifican ya no figuran en él.",
        "ru": "Эти предложения противоречат уже принятому изменению (включенному в текст): "
              "изменяемых ими слов или положений в нем больше нет.",
        "ar": "تتعارض هذه المقترحات مع تغيير سبق اعتماده (مدرج في النص): فالكلمات أو الأحكام "
              "التي تعدلها لم تعد موجودة.",
        "zh": "这些提案与一项已通过的修改（已纳入案文）相冲突：其所修改的字词或条款已不复存在。"},
    "closed_title": {
        "en": "Proposals {list}", "fr": "Propositions {list}", "es": "Propuestas {list}",
        "ru": "Предложения ({list})", "ar": "المقترحات {list}", "zh": "{list}的提案"},
    "closed_rejected": {
        "en": "rejected", "fr": "rejetées", "es": "rechazadas", "ru": "отклоненные",
        "ar": "المرفوضة", "zh": "被否决"},
    "closed_withdrawn": {
        "en": "withdrawn", "fr": "retirées", "es": "retiradas", "ru": "отозванные",
        "ar": "المسحوبة", "zh": "已撤回"},
    "closed_stale": {
        "en": "stale", "fr": "caduques", "es": "caducadas", "ru": "утратившие силу",
        "ar": "التي لم تعد منطبقة", "zh": "已失效"},
    "list_sep": {"en": ", ", "fr": ", ", "es": ", ", "ru": ", ", "ar": "، ", "zh": "、"},
    "list_or": {"en": " or ", "fr": " ou ", "es": " o ", "ru": " или ", "ar": " أو ",
                "zh": "或"},
    "page_of": {
        "en": "page {n} of {m}", "fr": "page {n} sur {m}", "es": "página {n} de {m}",
        "ru": "стр. {n} из {m}", "ar": "الصفحة {n} من {m}", "zh": "第 {n} 页，共 {m} 页"},
    "whole_text": {
        "en": "the whole text", "fr": "l’ensemble du texte", "es": "todo el texto",
        "ru": "весь текст", "ar": "النص بأكمله", "zh": "全文"},
    "every_occurrence": {
        "en": "(every occurrence)", "fr": "(chaque occurrence)", "es": "(cada vez que aparece)",
        "ru": "(везде, где встречается)", "ar": "(في كل موضع)", "zh": "（所有出现之处）"},
    "whole_unit": {
        "en": "(the whole unit)", "fr": "(toute la disposition)", "es": "(toda la disposición)",
        "ru": "(все положение)", "ar": "(الحكم بأكمله)", "zh": "（整个条款）"},
    # -- in the text ---------------------------------------------------------------------------
    "st_proposed": {
        "en": "proposed", "fr": "proposée", "es": "propuesta", "ru": "предложено",
        "ar": "مقترح", "zh": "提议"},
    "st_ad_ref": {
        "en": "ad ref", "fr": "ad ref", "es": "ad ref", "ru": "ad ref", "ar": "رهن الموافقة",
        "zh": "待核准"},
    "st_adopted": {
        "en": "adopted", "fr": "adoptée", "es": "aprobada", "ru": "принято", "ar": "معتمد",
        "zh": "已通过"},
    "st_adopted_at": {
        "en": "adopted at {session}", "fr": "adoptée à {session}", "es": "aprobada en {session}",
        "ru": "принято на {session}", "ar": "اعتُمد في {session}", "zh": "已在{session}通过"},
    "st_rejected": {
        "en": "rejected", "fr": "rejetée", "es": "rechazada", "ru": "отклонено",
        "ar": "مرفوض", "zh": "已否决"},
    "st_withdrawn": {
        "en": "withdrawn", "fr": "retirée", "es": "retirada", "ru": "отозвано",
        "ar": "مسحوب", "zh": "已撤回"},
    "st_stale": {
        "en": "stale", "fr": "caduque", "es": "caducada", "ru": "утратило силу",
        "ar": "لم يعد منطبقا", "zh": "已失效"},
    "toc_new": {
        "en": "new", "fr": "nouveau", "es": "nuevo", "ru": "новое", "ar": "جديد", "zh": "新"},
    "toc_deletion": {
        "en": "deletion proposed", "fr": "suppression proposée", "es": "supresión propuesta",
        "ru": "предложено исключить", "ar": "الحذف مقترح", "zh": "提议删除"},
    "delete_who": {
        "en": "(delete: {who})", "fr": f"(supprimer{NB}: {{who}})", "es": "(suprimir: {who})",
        "ru": "(исключить: {who})", "ar": "(حذف: {who})", "zh": "（删除：{who}）"},
    "delete": {
        "en": "(delete)", "fr": "(supprimer)", "es": "(suprimir)", "ru": "(исключить)",
        "ar": "(حذف)", "zh": "（删除）"},
    "alt": {
        "en": "Alt {n}", "fr": "Variante {n}", "es": "Alternativa {n}", "ru": "Вариант {n}",
        "ar": "البديل {n}", "zh": "备选案文{n}"},
    # -- the legend (``{kind:words}`` marks, see `Piece`) -------------------------------------
    "legend_head": {
        "en": "{strong:How to read this text.} Text in square brackets {br:[ ]} is under "
              "negotiation. {ins:Bold underlined} = new text proposed; {del:struck through} = "
              "deletion proposed; an original text followed by bracketed alternatives = the "
              "options on the table; “Alt 1”, “Alt 2” = alternative versions of a whole provision.",
        "fr": "{strong:Comment lire ce texte.} Le texte entre crochets {br:[ ]} est en cours de "
              "négociation. {ins:Gras souligné} = texte nouveau proposé{NB}; {del:barré} = "
              "suppression proposée{NB}; un texte original suivi de variantes entre crochets = "
              "les options sur la table{NB}; «{NB}Variante 1{NB}», «{NB}Variante 2{NB}» = "
              "versions de remplacement de toute une disposition.",
        "es": "{strong:Cómo leer este texto.} El texto entre corchetes {br:[ ]} está en "
              "negociación. {ins:Negrita subrayada} = texto nuevo propuesto; {del:tachado} = "
              "supresión propuesta; un texto original seguido de alternativas entre corchetes = "
              "las opciones sobre la mesa; “Alternativa 1”, “Alternativa 2” = versiones "
              "alternativas de toda una disposición.",
        "ru": "{strong:Как читать этот текст.} Текст в квадратных скобках {br:[ ]} находится в "
              "стадии обсуждения. {ins:Полужирный подчеркнутый} = предлагаемый новый текст; "
              "{del:зачеркнутый} = предлагаемое исключение; исходный текст, за которым следуют "
              "альтернативы в скобках, = рассматриваемые варианты; «Вариант 1», «Вариант 2» = "
              "альтернативные редакции всего положения.",
        "ar": "{strong:كيفية قراءة هذا النص.} النص الوارد بين معقوفتين {br:[ ]} قيد التفاوض. "
              "{ins:الخط الغامق المسطر} = نص جديد مقترح؛ {del:المشطوب} = حذف مقترح؛ نص أصلي "
              "تليه بدائل بين معقوفتين = الخيارات المطروحة؛ ”البديل 1“، ”البديل 2“ = صيغ "
              "بديلة لحكم بأكمله.",
        "zh": "{strong:本案文阅读说明。}方括号{br:[ ]}内的案文仍在谈判中。{ins:粗体加下划线}"
              "＝提议的新案文；{del:删除线}＝提议删除；原案文后接方括号内的备选措辞＝待议选项；"
              "“备选案文1”、“备选案文2”＝整项条款的备选文本。"},
    "legend_attr": {
        "en": " The delegation(s) proposing each change follow it in parentheses {attr:(…)}.",
        "fr": " La ou les délégations qui proposent chaque modification sont indiquées à la "
              "suite, entre parenthèses {attr:(…)}.",
        "es": " La delegación o delegaciones que proponen cada cambio figuran a continuación, "
              "entre paréntesis {attr:(…)}.",
        "ru": " Делегации, предлагающие каждое изменение, указаны после него в скобках "
              "{attr:(…)}.",
        "ar": " يرد بعد كل تغيير اسم الوفد أو الوفود التي اقترحته بين قوسين {attr:(…)}.",
        "zh": "提出每项修改的代表团列于其后的括号内{attr:(…)}。"},
    "legend_status": {
        "en": " {adref:Green text} {ad ref:ad ref} = agreed ad referendum, integrated; "
              "{adopted:adopted} = adopted, integrated until the next version.",
        "fr": " {adref:Texte en vert} {ad ref:ad ref} = approuvé ad referendum, intégré{NB}; "
              "{adopted:adoptée} = adoptée, intégrée jusqu’à la prochaine version.",
        "es": " {adref:Texto en verde} {ad ref:ad ref} = acordado ad referendum, integrado; "
              "{adopted:aprobada} = aprobada, integrada hasta la próxima versión.",
        "ru": " {adref:Зеленый текст} {ad ref:ad ref} = согласовано ad referendum, включено; "
              "{adopted:принято} = принято, включено до следующей версии.",
        "ar": " {adref:النص الأخضر} {ad ref:رهن الموافقة} = متفق عليه رهنا بالموافقة (ad{NB}"
              "referendum)، مدرج؛ {adopted:معتمد} = معتمد، مدرج حتى النسخة التالية.",
        "zh": "{adref:绿色案文}{ad ref:待核准}＝暂时商定、待核准（ad referendum），已纳入；"
              "{adopted:已通过}＝已通过，在下一版本之前纳入案文。"},
    "legend_index": {
        "en": " Superscript numbers refer to the index of proposals at the end of the document.",
        "fr": " Les chiffres en exposant renvoient à l’index des propositions, à la fin du "
              "document.",
        "es": " Los números en superíndice remiten al índice de propuestas que figura al final "
              "del documento.",
        "ru": " Надстрочные цифры отсылают к перечню предложений в конце документа.",
        "ar": " تحيل الأرقام المرتفعة إلى فهرس المقترحات في نهاية الوثيقة.",
        "zh": "上标数字指文件末尾的提案索引。"},
    "legend_index_notes": {
        "en": " Superscript numbers refer to the footnotes and to the index of proposals at the "
              "end of the document.",
        "fr": " Les chiffres en exposant renvoient aux notes de bas de page et à l’index des "
              "propositions, à la fin du document.",
        "es": " Los números en superíndice remiten a las notas a pie de página y al índice de "
              "propuestas que figura al final del documento.",
        "ru": " Надстрочные цифры отсылают к сноскам и к перечню предложений в конце документа.",
        "ar": " تحيل الأرقام المرتفعة إلى الحواشي وإلى فهرس المقترحات في نهاية الوثيقة.",
        "zh": "上标数字指脚注和文件末尾的提案索引。"},
    "legend_redline": {
        "en": "{strong:How to read this text.} The base text against the next draft: "
              "{ins:bold underlined} = text added; {del:struck through} = text removed.",
        "fr": "{strong:Comment lire ce texte.} Le texte de base comparé au projet suivant{NB}: "
              "{ins:gras souligné} = texte ajouté{NB}; {del:barré} = texte supprimé.",
        "es": "{strong:Cómo leer este texto.} El texto de base comparado con el proyecto "
              "siguiente: {ins:negrita subrayada} = texto añadido; {del:tachado} = texto "
              "suprimido.",
        "ru": "{strong:Как читать этот текст.} Базовый текст в сравнении со следующим проектом: "
              "{ins:полужирный подчеркнутый} = добавленный текст; {del:зачеркнутый} = "
              "исключенный текст.",
        "ar": "{strong:كيفية قراءة هذا النص.} النص الأساسي مقارنة بالمشروع التالي: "
              "{ins:الخط الغامق المسطر} = نص مضاف؛ {del:المشطوب} = نص محذوف.",
        "zh": "{strong:本案文阅读说明。}基础案文与下一稿对照：{ins:粗体加下划线}＝增加的案文；"
              "{del:删除线}＝删除的案文。"},
    "legend_redline_word": {
        "en": "Changes are Word tracked changes, each attributed to the proposing delegation "
              "(Review > Accept gives the new text, Reject the base text).",
        "fr": "Les modifications sont des modifications suivies de Word, chacune attribuée à la "
              "délégation qui la propose (Révision > Accepter donne le nouveau texte, Refuser "
              "le texte de base).",
        "es": "Los cambios son cambios controlados de Word, cada uno atribuido a la delegación "
              "que lo propone (Revisar > Aceptar da el texto nuevo; Rechazar, el texto de base).",
        "ru": "Изменения внесены в режиме исправлений Word, каждое с указанием предложившей его "
              "делегации (Рецензирование > Принять дает новый текст, Отклонить — базовый).",
        "ar": "التغييرات معروضة بخاصية تعقب التغييرات في Word، وكل منها منسوب إلى الوفد الذي "
              "اقترحه (مراجعة > قبول يعطي النص الجديد، ورفض يعطي النص الأساسي).",
        "zh": "修改均为 Word 修订，每项修改注明提议代表团（“审阅 > 接受”得出新案文，"
              "“拒绝”得出基础案文）。"},
    "warn_count": {
        "en": "{n} change(s)", "fr": "{n} modification(s)", "es": "{n} cambio(s)",
        "ru": "Изменений: {n}", "ar": "{n} من التغييرات", "zh": "{n} 项修改"},
    "warn_unlocated": {
        "en": " of tabled proposals could not be located in this text and are not shown in it: "
              "see the annex",
        "fr": " de propositions déposées n’ont pu être situées dans le présent texte et n’y "
              f"figurent pas{NB}: voir l’annexe",
        "es": " de propuestas presentadas no se han podido situar en el presente texto y no "
              "figuran en él: véase el anexo",
        "ru": " из внесенных предложений не удалось найти в настоящем тексте, и они в нем не "
              "показаны: см. приложение",
        "ar": " الواردة في المقترحات المقدمة تعذر تحديد موضعها في هذا النص ولا تظهر فيه: انظر "
              "المرفق",
        "zh": "（属已提交的提案）无法在本案文中定位，未在文中显示：见附件"},
    "warn_unlocated_short": {
        "en": " could not be located in this text: see the annex",
        "fr": f" n’ont pu être situées dans le présent texte{NB}: voir l’annexe",
        "es": " no se han podido situar en el presente texto: véase el anexo",
        "ru": " не удалось найти в настоящем тексте: см. приложение",
        "ar": " تعذر تحديد موضعها في هذا النص: انظر المرفق",
        "zh": "无法在本案文中定位：见附件"},
    # -- text and Markdown ------------------------------------------------------------------------
    "tx_head": {
        "en": "How to read this text: text in square brackets [ ] is under negotiation; ",
        "fr": f"Comment lire ce texte{NB}: le texte entre crochets [ ] est en cours de "
              f"négociation{NB}; ",
        "es": "Cómo leer este texto: el texto entre corchetes [ ] está en negociación; ",
        "ru": "Как читать этот текст: текст в квадратных скобках [ ] находится в стадии "
              "обсуждения; ",
        "ar": "كيفية قراءة هذا النص: النص الوارد بين معقوفتين [ ] قيد التفاوض؛ ",
        "zh": "本案文阅读说明：方括号[ ]内的案文仍在谈判中；"},
    "tx_marks": {
        "en": "bold = new text proposed; struck through = deletion proposed; ",
        "fr": f"gras = texte nouveau proposé{NB}; barré = suppression proposée{NB}; ",
        "es": "negrita = texto nuevo propuesto; tachado = supresión propuesta; ",
        "ru": "полужирный = предлагаемый новый текст; зачеркнутый = предлагаемое исключение; ",
        "ar": "الخط الغامق = نص جديد مقترح؛ المشطوب = حذف مقترح؛ ",
        "zh": "粗体＝提议的新案文；删除线＝提议删除；"},
    "tx_delete": {
        "en": "(delete: ...) = deletion proposed; ",
        "fr": f"(supprimer{NB}: ...) = suppression proposée{NB}; ",
        "es": "(suprimir: ...) = supresión propuesta; ",
        "ru": "(исключить: ...) = предлагаемое исключение; ",
        "ar": "(حذف: ...) = حذف مقترح؛ ", "zh": "（删除：……）＝提议删除；"},
    "tx_attr": {
        "en": "the delegation(s) proposing each change follow it in parentheses; ",
        "fr": f"la ou les délégations qui proposent chaque modification suivent entre "
              f"parenthèses{NB}; ",
        "es": "la delegación o delegaciones que proponen cada cambio figuran a continuación "
              "entre paréntesis; ",
        "ru": "делегации, предлагающие каждое изменение, указаны после него в скобках; ",
        "ar": "يرد بعد كل تغيير اسم الوفد أو الوفود التي اقترحته بين قوسين؛ ",
        "zh": "提出每项修改的代表团列于其后的括号内；"},
    "tx_rest": {
        "en": "\"Alt 1\", \"Alt 2\" = alternative versions of a provision; (ad ref) = agreed ad "
              "referendum, integrated; (adopted at ...) = adopted, integrated until the next "
              "version",
        "fr": f"«{NB}Variante 1{NB}», «{NB}Variante 2{NB}» = versions de remplacement d’une "
              f"disposition{NB}; (ad ref) = approuvé ad referendum, intégré{NB}; (adoptée à ...) "
              "= adoptée, intégrée jusqu’à la prochaine version",
        "es": "\"Alternativa 1\", \"Alternativa 2\" = versiones alternativas de una disposición; "
              "(ad ref) = acordado ad referendum, integrado; (aprobada en ...) = aprobada, "
              "integrada hasta la próxima versión",
        "ru": "«Вариант 1», «Вариант 2» = альтернативные редакции положения; (ad ref) = "
              "согласовано ad referendum, включено; (принято на ...) = принято, включено до "
              "следующей версии",
        "ar": "”البديل 1“، ”البديل 2“ = صيغ بديلة لحكم؛ (رهن الموافقة) = متفق عليه رهنا "
              "بالموافقة، مدرج؛ (اعتُمد في ...) = معتمد، مدرج حتى النسخة التالية",
        "zh": "“备选案文1”、“备选案文2”＝条款的备选文本；（待核准）＝暂时商定、待核准，已纳入；"
              "（已在……通过）＝已通过，在下一版本之前纳入案文"},
    "tx_index": {
        "en": "; numbers refer to the index of proposals at the end.",
        "fr": f"{NB}; les chiffres renvoient à l’index des propositions, à la fin.",
        "es": "; los números remiten al índice de propuestas, al final.",
        "ru": "; цифры отсылают к перечню предложений в конце.",
        "ar": "؛ تحيل الأرقام إلى فهرس المقترحات في النهاية.",
        "zh": "；数字指文末的提案索引。"},
    "tx_end": {"en": ".", "fr": ".", "es": ".", "ru": ".", "ar": ".", "zh": "。"},
    "tx_redline": {
        "en": "How to read this text: the base text against the next draft; [-words-] = "
              "removed, {+words+} = added.",
        "fr": f"Comment lire ce texte{NB}: le texte de base comparé au projet suivant{NB}; "
              "[-mots-] = supprimés, {+mots+} = ajoutés.",
        "es": "Cómo leer este texto: el texto de base comparado con el proyecto siguiente; "
              "[-palabras-] = suprimidas, {+palabras+} = añadidas.",
        "ru": "Как читать этот текст: базовый текст в сравнении со следующим проектом; "
              "[-слова-] = исключены, {+слова+} = добавлены.",
        "ar": "كيفية قراءة هذا النص: النص الأساسي مقارنة بالمشروع التالي؛ [-كلمات-] = محذوفة، "
              "{+كلمات+} = مضافة.",
        "zh": "本案文阅读说明：基础案文与下一稿对照；[-字词-]＝删除，{+字词+}＝增加。"},
    "tx_warning": {
        "en": "WARNING: {count} of tabled proposals could not be located in this text; see the "
              "annex \"{annex}\".",
        "fr": f"ATTENTION{NB}: {{count}} de propositions déposées n’ont pu être situées dans le "
              f"présent texte{NB}; voir l’annexe «{NB}{{annex}}{NB}».",
        "es": "ADVERTENCIA: {count} de propuestas presentadas no se han podido situar en el "
              "presente texto; véase el anexo \"{annex}\".",
        "ru": "ВНИМАНИЕ: {count} из внесенных предложений не удалось найти в настоящем тексте; "
              "см. приложение «{annex}».",
        "ar": "تنبيه: {count} الواردة في المقترحات المقدمة تعذر تحديد موضعها في هذا النص؛ انظر "
              "المرفق ”{annex}“.",
        "zh": "注意：{count}（属已提交的提案）无法在本案文中定位；见附件“{annex}”。"},
    "tx_change": {
        "en": "{id}{who}, change {n}: {reason}",
        "fr": f"{{id}}{{who}}, modification {{n}}{NB}: {{reason}}",
        "es": "{id}{who}, modificación {n}: {reason}",
        "ru": "{id}{who}, изменение {n}: {reason}", "ar": "{id}{who}، التغيير {n}: {reason}",
        "zh": "{id}{who}，修改 {n}：{reason}"},
    "tx_overtaken": {
        "en": "{id}{who}: {reason}", "fr": f"{{id}}{{who}}{NB}: {{reason}}",
        "es": "{id}{who}: {reason}", "ru": "{id}{who}: {reason}", "ar": "{id}{who}: {reason}",
        "zh": "{id}{who}：{reason}"},
    "tx_closest": {
        "en": "; closest text: \u201c{text}\u201d", "fr": f"{NB}; texte le plus proche{NB}: "
                                                      f"«{NB}{{text}}{NB}»",
        "es": "; texto más próximo: “{text}”", "ru": "; ближайший текст: «{text}»",
        "ar": "؛ أقرب نص: ”{text}“", "zh": "；最接近的案文：“{text}”"},
}

REASON_WORDS: dict[str, dict[str, str]] = {
    # -- why a change could not be located (`amend.anchor`), what differs (`textfold`) --------
    "no_target": {
        "fr": "la disposition visée {target} ne figure pas dans le présent texte",
        "es": "la disposición indicada {target} no figura en el presente texto",
        "ru": "указанное положение {target} отсутствует в настоящем тексте",
        "ar": "الحكم المشار إليه {target} غير موجود في هذا النص",
        "zh": "本案文中没有所指条款{target}"},
    "in_unit": {
        "fr": "dans {wid}{NB}: {reason}", "es": "en {wid}: {reason}", "ru": "в {wid}: {reason}",
        "ar": "في {wid}: {reason}", "zh": "在{wid}中：{reason}"},
    "in_unit_why": {
        "fr": "dans {wid}{NB}: {reason} ({why})", "es": "en {wid}: {reason} ({why})",
        "ru": "в {wid}: {reason} ({why})", "ar": "في {wid}: {reason} ({why})",
        "zh": "在{wid}中：{reason}（{why}）"},
    "occurrence_missing": {
        "fr": "l’occurrence {n} de {old} est demandée, mais le texte en compte {count}",
        "es": "se solicita la aparición {n} de {old}, pero el texto contiene {count}",
        "ru": "запрошено {n}-е вхождение {old}, но число вхождений в тексте: {count}",
        "ar": "طُلب الموضع {n} من {old}، ولكن عدد مواضعها في النص {count}",
        "zh": "要求{old}第 {n} 处出现，但案文中出现 {count} 次"},
    "ambiguous": {
        "fr": "ambiguïté{NB}: {old} figure {count} fois{NB}; ajouter occurrence=\"N\"",
        "es": "ambigüedad: {old} figura {count} veces; añádase occurrence=\"N\"",
        "ru": "неоднозначность: {old} встречается несколько раз ({count}); добавьте "
              "occurrence=\"N\"",
        "ar": "غموض: ترد {old} أكثر من مرة ({count})؛ يُضاف occurrence=\"N\"",
        "zh": "不明确：{old}出现 {count} 次；请添加 occurrence=\"N\""},
    "not_found": {
        "fr": "mots introuvables{NB}: {old}", "es": "palabras no encontradas: {old}",
        "ru": "слова не найдены: {old}", "ar": "لم يُعثر على الكلمات: {old}",
        "zh": "未找到字词：{old}"},
    "no_scope": {
        "fr": "la partie visée {target} ne figure pas dans le présent texte",
        "es": "la parte indicada {target} no figura en el presente texto",
        "ru": "указанная часть {target} отсутствует в настоящем тексте",
        "ar": "الجزء المشار إليه {target} غير موجود في هذا النص",
        "zh": "本案文中没有所指范围{target}"},
    "absent_in": {
        "fr": "{old} ne figure pas dans {scope}", "es": "{old} no figura en {scope}",
        "ru": "{old} не встречается в {scope}", "ar": "لا ترد {old} في {scope}",
        "zh": "{old}未出现在{scope}中"},
    "absent": {
        "fr": "{old} ne figure pas dans le texte", "es": "{old} no figura en el texto",
        "ru": "{old} не встречается в тексте", "ar": "لا ترد {old} في النص",
        "zh": "{old}未出现在案文中"},
    "diff_has": {
        "fr": "le texte contient {theirs} là où la proposition contient {mine}",
        "es": "el texto contiene {theirs} donde la propuesta contiene {mine}",
        "ru": "в тексте {theirs}, а в предложении {mine}",
        "ar": "يتضمن النص {theirs} حيث يتضمن المقترح {mine}",
        "zh": "案文中为{theirs}，而提案中为{mine}"},
    "diff_text_extra": {
        "fr": "le texte contient {theirs}, qui ne figure pas dans la proposition",
        "es": "el texto contiene {theirs}, que no figura en la propuesta",
        "ru": "в тексте есть {theirs}, чего нет в предложении",
        "ar": "يتضمن النص {theirs}، وهو غير وارد في المقترح",
        "zh": "案文中有{theirs}，提案中没有"},
    "diff_words_extra": {
        "fr": "la proposition contient {mine}, qui ne figure pas dans le texte",
        "es": "la propuesta contiene {mine}, que no figura en el texto",
        "ru": "в предложении есть {mine}, чего нет в тексте",
        "ar": "يتضمن المقترح {mine}، وهو غير وارد في النص",
        "zh": "提案中有{mine}，案文中没有"},
    "diff_char": {
        "fr": "{char} ({name})", "es": "{char} ({name})", "ru": "{char} ({name})",
        "ar": "{char} ({name})", "zh": "{char}（{name}）"},
    "diff_invisible": {
        "fr": "un caractère invisible, {name} ({code})",
        "es": "un carácter invisible, {name} ({code})",
        "ru": "невидимый символ {name} ({code})", "ar": "حرف غير مرئي، {name} ({code})",
        "zh": "不可见字符 {name}（{code}）"},
    "decomposed_text": {
        "fr": "le texte écrit {letter} sous forme décomposée",
        "es": "el texto escribe {letter} en forma descompuesta",
        "ru": "в тексте буква {letter} записана в разложенной форме",
        "ar": "يكتب النص الحرف {letter} في شكل مفكك",
        "zh": "案文中的{letter}为分解形式"},
    "decomposed_words": {
        "fr": "la proposition écrit {letter} sous forme décomposée",
        "es": "la propuesta escribe {letter} en forma descompuesta",
        "ru": "в предложении буква {letter} записана в разложенной форме",
        "ar": "يكتب المقترح الحرف {letter} في شكل مفكك",
        "zh": "提案中的{letter}为分解形式"},
    "both": {
        "fr": "{first}{NB}; {second}", "es": "{first}; {second}", "ru": "{first}; {second}",
        "ar": "{first}؛ {second}", "zh": "{first}；{second}"},
    # -- why a pending proposal is overtaken by an adopted one (`compile`) --------------------
    "overtaken_words": {
        "fr": "devenue sans objet du fait de la proposition {by} ({label}), qui modifie déjà ces mots",
        "es": "superada por la propuesta {by} ({label}), que ya modifica estas palabras",
        "ru": "утратило актуальность в связи с предложением {by} ({label}), которое уже "
              "изменяет эти слова",
        "ar": "تجاوزه المقترح {by} ({label})، الذي يغير هذه الكلمات بالفعل",
        "zh": "已被提案{by}（{label}）取代，该提案已修改这些字词"},
    "overtaken_deletes": {
        "fr": "devenue sans objet du fait de la proposition {by} ({label}), qui supprime la disposition "
              "suivante{NB}: {unit}",
        "es": "superada por la propuesta {by} ({label}), que suprime la siguiente disposición: {unit}",
        "ru": "утратило актуальность в связи с предложением {by} ({label}), которым "
              "исключается следующее положение: {unit}",
        "ar": "تجاوزه المقترح {by} ({label})، الذي يحذف {unit}",
        "zh": "已被提案{by}（{label}）取代，该提案删除{unit}"},
    "overtaken_replaces": {
        "fr": "devenue sans objet du fait de la proposition {by} ({label}), qui remplace la disposition "
              "suivante{NB}: {unit}",
        "es": "superada por la propuesta {by} ({label}), que sustituye la siguiente disposición: {unit}",
        "ru": "утратило актуальность в связи с предложением {by} ({label}), которым "
              "заменяется следующее положение: {unit}",
        "ar": "تجاوزه المقترح {by} ({label})، الذي يستبدل {unit}",
        "zh": "已被提案{by}（{label}）取代，该提案替换{unit}"},
    # -- quoted words of the text or of a proposal in a reason -------------------------------
    "quoted": {
        "en": "'{text}'", "fr": "«{NB}{text}{NB}»", "es": "“{text}”", "ru": "«{text}»",
        "ar": "”{text}“", "zh": "“{text}”"},
}
"""Why the tracker could not place a proposal, in the five other languages: the message ids
of `treaty.reasons.ENGLISH`, whose English they take (so ``str(reason)``, which every
command prints, and an English draft say the same). ``st_*`` ids are above."""

WORDS.update({key: {"en": ENGLISH.get(key, ""), **entry} for key, entry in REASON_WORDS.items()})

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
    # As the UN's Arabic documents write them: the Levantine and the Egyptian name.
    "ar": ("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
           "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
           "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر"),
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic",
           "zh": "Chinese"},
    "fr": {"en": "anglais", "fr": "français", "es": "espagnol", "ru": "russe", "ar": "arabe",
           "zh": "chinois"},
    "es": {"en": "inglés", "fr": "francés", "es": "español", "ru": "ruso", "ar": "árabe",
           "zh": "chino"},
    "ru": {"en": "английский", "fr": "французский", "es": "испанский", "ru": "русский",
           "ar": "арабский", "zh": "китайский"},
    "ar": {"en": "الإنكليزية", "fr": "الفرنسية", "es": "الإسبانية", "ru": "الروسية",
           "ar": "العربية", "zh": "الصينية"},
    "zh": {"en": "英文", "fr": "法文", "es": "西班牙文", "ru": "俄文", "ar": "阿拉伯文",
           "zh": "中文"},
}
"""Each language's name in each language (for "Original: ..." and the other-version annex)."""

STATUS_IDS = {"proposed": "st_proposed", "agreed-ad-ref": "st_ad_ref", "ad ref": "st_ad_ref",
              "adopted": "st_adopted", "rejected": "st_rejected", "withdrawn": "st_withdrawn",
              "stale": "st_stale"}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_MARK = re.compile(r"\{(strong|br|ins|del|attr|adref|ad ref|adopted):([^{}]*)\}")


@dataclass(frozen=True)
class Piece:
    """Words of the legend with the mark they show: ``text``, ``strong``, ``br`` (a
    bracket), ``ins``, ``del``, ``attr``, ``adref`` (green words) or ``status`` (a chip;
    `key` is its status: ``ad ref``, ``adopted``, for the colour)."""

    kind: str
    text: str
    key: str = ""


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(_MARK.sub("", text))) - {"NB"}


def pieces(text: str) -> tuple[Piece, ...]:
    """``"{strong:How to read} words"`` -> (Piece("strong", ...), Piece("text", " words"))."""
    text = text.replace("{NB}", NB)
    out: list[Piece] = []
    at = 0
    for m in _MARK.finditer(text):
        if m.start() > at:
            out.append(Piece("text", text[at:m.start()]))
        kind, words = m.group(1), m.group(2)
        if kind in ("ad ref", "adopted"):
            out.append(Piece("status", words, kind))
        else:
            out.append(Piece(kind, words))
        at = m.end()
    if at < len(text):
        out.append(Piece("text", text[at:]))
    return tuple(out)


def code_of(lang: str) -> str:
    """The furniture's language for an HTML ``lang`` (``fr``, ``zh-Hans``): one of the six,
    else English."""
    base = (lang or "en").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


@dataclass(frozen=True)
class Words:
    """The furniture in one language: ``words["contents"]``, in a template
    ``d.words.contents``, ``d.words.say("page_of", n=1, m=3)``."""

    lang: str = "en"

    def __getitem__(self, key: str) -> str:
        entry = WORDS[key]
        return (entry.get(self.lang) or entry["en"]).replace("{NB}", NB)

    def __getattr__(self, key: str) -> str:
        if key.startswith("_") or key not in WORDS:
            raise AttributeError(key)
        return self[key]

    @property
    def masthead(self) -> Words:
        """The words of the masthead's right-hand block (see `MASTHEAD_IN_ENGLISH`)."""
        return Words("en") if self.lang in MASTHEAD_IN_ENGLISH else self

    @property
    def gap(self) -> str:
        """What follows a label ending with a colon: a space, none after Chinese "："."""
        return "" if self.lang == "zh" else " "

    def say(self, key: str, **values: object) -> str:
        text = self[key]
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

    def reason(self, reason: Reason) -> str:
        """Why the tracker could not place a proposal (`treaty.reasons.Reason`) in this
        language; quoted words of the text stay as they are. In English exactly
        ``str(reason)`` (words quoted as ``'...'``, the way every command prints them)."""
        if self.lang not in LANGUAGES[1:]:
            return str(reason)
        return reason.words(self.__getitem__, lambda text: self.say("quoted", text=text))

    def pieces(self, key: str) -> tuple[Piece, ...]:
        return pieces(self[key])

    def status(self, status: str) -> str:
        """``adopted`` -> ``adoptée`` (any other status as it is)."""
        key = STATUS_IDS.get(str(status))
        return self[key] if key else str(status)

    def date(self, iso: str) -> str:
        """``2023-04-21`` as UN documents write it: ``21 April 2023``, ``21 avril 2023``
        (``1er avril``), ``21 de abril de 2023``, ``21 апреля 2023 года``,
        ``21 نيسان/أبريل 2023``, ``2023年4月21日``; other strings pass through."""
        try:
            d = dt.date.fromisoformat(iso)
        except (TypeError, ValueError):
            return iso
        lang = self.lang if self.lang in LANGUAGES else "en"
        if lang == "zh":
            return f"{d.year}年{d.month}月{d.day}日"
        month = MONTHS[lang][d.month - 1]
        if lang == "fr":
            return f"{'1er' if d.day == 1 else d.day} {month} {d.year}"
        if lang == "es":
            return f"{d.day} de {month} de {d.year}"
        if lang == "ru":
            return f"{d.day} {month} {d.year} года"
        return f"{d.day} {month} {d.year}"

    def language(self, name_or_code: str) -> str:
        """A language's name in this language: ``English`` or ``en`` -> ``anglais``
        (names outside the six as they are)."""
        code = _LANGUAGE_CODES.get(name_or_code.strip().lower(), "")
        names = LANGUAGE_NAMES.get(self.lang, LANGUAGE_NAMES["en"])
        return names.get(code, name_or_code)

    def distribution(self, value: str) -> str:
        """``General`` -> ``Distr.: General`` / ``Distr. générale`` / ``普遍分发``."""
        key = f"distr_{value.strip().lower()}"
        return self[key] if key in WORDS else self.say("distr", value=value)

    def original(self, language: str) -> str:
        """``English`` -> ``Original: English`` / ``Original : anglais`` / ``الأصل: بالإنكليزية``."""
        name = self.language(language)
        if self.lang == "ar" and name.startswith("ال"):
            name = "ب" + name  # the UN's Arabic writes "الأصل: بالإنكليزية"
        return self.say("original", language=name)

    def listing(self, items: list[str]) -> str:
        """``a, b or c`` in this language."""
        if len(items) < 2:
            return "".join(items)
        return self["list_sep"].join(items[:-1]) + self["list_or"] + items[-1]

    def alt(self, label: str) -> str:
        """``Alt 2`` -> ``Variante 2`` (other labels as they are)."""
        m = re.fullmatch(r"Alt (\d+)", label)
        return self.say("alt", n=m.group(1)) if m else label


_LANGUAGE_CODES = {name.lower(): code for names in LANGUAGE_NAMES.values()
                   for code, name in names.items()} | {c: c for c in LANGUAGES} | {
    "eng": "en", "fra": "fr", "fre": "fr", "spa": "es", "rus": "ru", "ara": "ar", "zho": "zh",
    "chi": "zh"}


def words_for(lang: str) -> Words:
    return Words(code_of(lang))


# -- reading the masthead back (a compiled Word draft read as a text) --------------------------


def read_distribution(line: str) -> str:
    """``Distr. générale`` (any of the six) -> ``General``; ``Distr.: X`` -> ``X``."""
    line = line.strip()
    for value in ("general", "limited", "restricted"):
        if line in WORDS[f"distr_{value}"].values():
            return value.capitalize()
    for template in WORDS["distr"].values():
        prefix = template.split("{value}")[0]
        if line.startswith(prefix.strip()):
            return line[len(prefix.strip()):].lstrip(" :：")
    return line


def read_original(line: str) -> str:
    """``Original : anglais`` (any of the six) -> ``English``; "" if the line is not one."""
    line = line.strip()
    for lang, template in WORDS["original"].items():
        prefix = template.replace(NB, " ").split("{language}")[0].strip()
        text = line.replace(NB, " ")
        if text.startswith(prefix):
            name = text[len(prefix):].strip()
            if lang == "ar" and name.startswith("بال"):
                name = name[1:]
            code = _LANGUAGE_CODES.get(name.lower(), "")
            return LANGUAGE_NAMES["en"][code] if code else name
    return ""


def read_date(line: str) -> str:
    """A long date in any of the six languages (`Words.date`) -> ISO; "" if it is not one."""
    line = " ".join(line.split())
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", line)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})(?:er)? (?:de )?(.+?) (?:de )?(\d{4})(?: года)?", line)
        if not m:
            return ""
        d, name, y = int(m.group(1)), m.group(2).lower(), int(m.group(3))
        found = [k for months in MONTHS.values() for k, month in enumerate(months, start=1)
                 if month.lower() == name]
        if not found:
            return ""
        mo = found[0]
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return ""

