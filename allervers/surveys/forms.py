"""Forms of the questionnaire (one page of it, or all of it for a paper answer) and of the coordination."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from allervers.surveys.csvfiles import FileError, decode, french_number, read_margins
from allervers.surveys.estimation import AGE_BANDS, MARGIN_DECIMALS, age_band, totals_disagree
from allervers.surveys.models import Question, Survey

ANSWER_CHOICES = [("oui", "Oui"), ("non", "Non"), ("", "Je préfère ne pas répondre")]
SEXE_CHOICES = [("F", "Femme"), ("H", "Homme")]


class AnswersForm(DsfrBaseForm):
    """Yes/no questions, none compulsory: « Je préfère ne pas répondre » is always allowed, without penalty."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        profile: bool,
        communes: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.code] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                required=False,
            )
        if profile:
            self.fields["sexe"] = forms.ChoiceField(label="Vous êtes", choices=SEXE_CHOICES, widget=forms.RadioSelect)
            self.fields["age"] = forms.IntegerField(label="Votre âge (en années)", min_value=18, max_value=120)
            self.fields["commune"] = forms.ChoiceField(
                label="Votre commune", choices=[("", "Choisir")] + list(communes)
            )

    def clean_age(self) -> int:
        age = self.cleaned_data["age"]
        age_band(age)
        return int(age)

    def answers(self) -> dict[str, bool | None]:
        values = {question.code: self.cleaned_data.get(question.code, "") for question in self.questions}
        return {code: (None if value == "" else value == "oui") for code, value in values.items()}


class InvitationForm(DsfrBaseForm):
    code = forms.CharField(label="Code d'invitation (sur votre courrier)", max_length=12)

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper().replace(" ", "")


class SurveyForm(DsfrBaseForm, forms.ModelForm[Survey]):
    class Meta:
        model = Survey
        fields = [
            "title",
            "slug",
            "organiser",
            "department",
            "territory",
            "starts_on",
            "ends_on",
            "reference_period",
            "legal_notice",
            "collection",
            "threshold",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "legal_notice": forms.Textarea(attrs={"rows": 5}),
        }


class QuestionForm(DsfrBaseForm, forms.ModelForm[Question]):
    class Meta:
        model = Question
        fields = ["code", "text", "help_text", "page", "sensitive", "shown_if", "indicator"]

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.survey = survey
        shown_if = self.fields["shown_if"]
        assert isinstance(shown_if, forms.ModelChoiceField)
        others = survey.questions.asked()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        shown_if.queryset = others

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        same = self.instance.survey.questions.filter(code=code)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise ValidationError("Une question de cette enquête a déjà ce code.")
        return str(code)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        condition, page = cleaned.get("shown_if"), cleaned.get("page")
        if condition is not None and page is not None and page <= condition.page:
            # Without JavaScript, a page can only depend on the answers of earlier pages.
            self.add_error(
                "shown_if",
                f"La question dont elle dépend est en page {condition.page} : placez "
                f"celle-ci en page {condition.page + 1} ou après.",
            )
        return cleaned


class MarginsForm(DsfrBaseForm):
    file = forms.FileField(label="Fichier des marges (CSV : variable, modalite, effectif)")
    source = forms.CharField(label="Source (tableau INSEE, millésime)", max_length=300)
    illustrative = forms.BooleanField(label="Marges illustratives (pas une source officielle)", required=False)

    def clean_file(self) -> dict[str, dict[str, float]]:
        upload = self.cleaned_data["file"]
        if upload.size > 2_000_000:
            raise ValidationError("Fichier trop volumineux (2 Mo au plus).")
        try:
            return read_margins(decode(upload.read(), "Marges"))
        except FileError as error:
            raise ValidationError(error.errors) from error


class CodesForm(DsfrBaseForm):
    count = forms.IntegerField(label="Nombre de codes à créer", min_value=1, max_value=5000)


class FrenchDecimalField(forms.DecimalField):
    """A count or a share typed as in a French table: « 8 120 », « 12,5 » or « 12.5 »."""

    default_error_messages = {
        "invalid": "Écrivez un nombre, avec une virgule ou un point pour les décimales (par exemple 8 120 ou 12,5)."
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", MARGIN_DECIMALS)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # the stubs keep IntegerField's
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text.startswith("-"):  # left to the min_value validator, whose message names the bound
            text = text[1:]
            sign = -1
        else:
            sign = 1
        try:
            return sign * french_number(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}  # no type=number attributes: a browser's number field refuses « 12,5 » in some locales


def french(value: float | Decimal) -> str:
    """12.5 → « 12,5 », 1010 → « 1 010 » (narrow no-break space)."""
    text = f"{Decimal(repr(round(float(value), MARGIN_DECIMALS))).normalize():,f}"
    return text.replace(",", "\u202f").replace(".", ",")


SEXE_LABELS = {"F": "Femmes", "H": "Hommes"}
MARGINS_HELP = (
    "Effectifs ou parts en %, décimales admises (12,5 ou 12.5). Chaque variable doit compter la même population, "
    "à l'arrondi près : chaque valeur peut s'écarter d'une demi-unité de sa dernière décimale."
)
AGE_FIELDS = {band: "age_" + band.replace(" ", "_").replace("-", "_") for band in AGE_BANDS}


class ManualMarginsForm(DsfrBaseForm):
    """Margins typed from an INSEE census table: people by sexe, by age band, and by commune or EPCI.

    Every variable must add up to the same population (the raking reproduces all of them at once); a territory
    line that cannot be read, or names a code the COG does not know, is reported with its line number.
    """

    sexe_F = FrenchDecimalField(label="Femmes de 18 ans et plus", help_text=MARGINS_HELP)
    sexe_H = FrenchDecimalField(label="Hommes de 18 ans et plus")
    territories = forms.CharField(
        label="Population de 18 ans et plus par commune ou par EPCI",
        help_text="Une ligne par territoire : le code INSEE de la commune (5 caractères) ou le SIREN de l'EPCI "
        "(9 chiffres), un point-virgule, l'effectif ou la part. Par exemple : 01249 ; 8 120 ou 01249 ; 12,5",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    source = forms.CharField(label="Source (tableau INSEE, millésime)", max_length=300)
    illustrative = forms.BooleanField(label="Marges illustratives (pas une source officielle)", required=False)

    field_order = ["sexe_F", "sexe_H", *AGE_FIELDS.values(), "territories", "source", "illustrative"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for band, name in AGE_FIELDS.items():
            label = f"{band} ans" if band != "75 et plus" else "75 ans et plus"
            self.fields[name] = FrenchDecimalField(label=f"Personnes de {label}")
        self.order_fields(self.field_order)

    @staticmethod
    def initial_from(survey: Survey) -> dict[str, Any]:
        margins = survey.margins_dict()
        initial: dict[str, Any] = {f"sexe_{s}": french(v) for s, v in margins.get("sexe", {}).items()}
        initial |= {AGE_FIELDS[b]: french(v) for b, v in margins.get("age_groupe", {}).items() if b in AGE_FIELDS}
        lines = [f"{code} ; {french(v)}" for var in ("commune", "epci") for code, v in margins.get(var, {}).items()]
        return initial | {"territories": "\n".join(lines), "source": survey.margins_source}

    def clean_territories(self) -> tuple[str, dict[str, float]]:
        from allervers.territories.models import EPCI, Commune

        rows: dict[str, float] = {}
        line_of: dict[str, int] = {}
        errors: list[str] = []
        for number, raw in enumerate(str(self.cleaned_data["territories"]).splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            code, _, count = (part.strip() for part in line.replace("\t", ";").partition(";"))
            try:
                value = french_number(count)
            except ValueError:
                errors.append(
                    f"Ligne {number} : « {line} » — attendu « code ; effectif », l'effectif en chiffres, décimales "
                    "avec une virgule ou un point (par exemple 01249 ; 8 120 ou 01249 ; 12,5)."
                )
                continue
            if code in rows:
                errors.append(f"Ligne {number} : le territoire {code} apparaît deux fois.")
            else:
                rows[code], line_of[code] = float(value), number
        kinds = {"epci" if len(code) == 9 else "commune" for code in rows}
        if len(kinds) > 1:
            errors.append("Donnez les effectifs par commune ou par EPCI, pas un mélange des deux.")
        known = set(Commune.objects.current().filter(code__in=rows).values_list("code", flat=True))
        known |= set(EPCI.objects.filter(siren__in=rows).values_list("siren", flat=True))
        for code in rows:
            if code not in known:
                errors.append(
                    f"Ligne {line_of[code]} : « {code} » n'est ni un code INSEE de commune ni un SIREN d'EPCI "
                    "connu du référentiel."
                )
        if errors:
            raise ValidationError(errors)
        return (kinds.pop() if kinds else "commune"), rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        margins = self.margins()
        if sum(margins["sexe"].values()) == 0:
            self.add_error("sexe_F", "La population totale ne peut pas être nulle.")
        allowed = totals_disagree(margins)
        if allowed is not None:
            names = {"sexe": "sexe", "age_groupe": "tranches d'âge", "commune": "territoires", "epci": "territoires"}
            detail = ", ".join(f"{names[v]} {french(sum(counts.values()))}" for v, counts in margins.items())
            self.add_error(
                None,
                f"Les totaux ne concordent pas ({detail}) : chaque variable doit compter la même population. "
                f"Les arrondis des valeurs saisies n'expliquent qu'un écart de {french(allowed)} au plus "
                "(une demi-unité de la dernière décimale de chaque valeur).",
            )
        return cleaned

    def margins(self) -> dict[str, dict[str, float]]:
        kind, territories = self.cleaned_data["territories"]
        margins: dict[str, dict[str, float]] = {
            "sexe": {s: float(self.cleaned_data[f"sexe_{s}"]) for s in SEXE_LABELS},
            "age_groupe": {band: float(self.cleaned_data[name]) for band, name in AGE_FIELDS.items()},
        }
        if territories:
            margins[kind] = territories
        return margins
