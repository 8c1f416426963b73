"""ISG posts and their funding.

A post is hosted by a unit of the directory (brigade, company, group, police station) and is itself a directory
service of that unit, so that a professional can hand a person over to it; the service is listed while the post is
filled, and withdrawn while it is vacant or only planned (nobody would answer). The communes it covers are typed as
zone codes (INSEE codes, an EPCI's SIREN, a department), stored as typed and resolved into the communes.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import ForeignObjectRel, Q, Sum
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.directory.enums import ListingStatus
from allervers.directory.models import Service, Structure
from allervers.isg.enums import FunderKind, HostLevel, PostKind, PostStatus
from allervers.territories.models import EPCI, Commune, Department

if TYPE_CHECKING:
    from allervers.accounts.models import User

HUNDRED = Decimal(100)
# What deleting a post's service takes with it and belongs to the post or to the directory's own bookkeeping (its
# terms, search rows, freshness reminders, public error reports): anything else is someone else's and blocks.
_OWN_APPS = {"isg", "directory"}
_BLOCKER_LABELS = {
    "referrals.referral": "des mises en relation ont été adressées à son service : elles doivent rester consultables",
    "pathways.competencearea": "un circuit désigne son service comme unité compétente d'un territoire",
    "network.mobileunit_services": "une unité mobile apporte son service",
}
SERVICE_DESCRIPTION = (
    "L'intervenant social reçoit, au sein de l'unité de gendarmerie ou du commissariat, les victimes et les "
    "personnes en détresse sociale repérées par les gendarmes ou les policiers, même sans plainte. Il évalue leur "
    "situation, intervient dans l'urgence si nécessaire et passe le relais rapidement aux services sociaux du "
    "Département, aux associations et aux structures d'hébergement d'urgence."
)
SERVICE_THEMES = ["aide-aux-victimes--ecoute-et-orientation", "aide-aux-victimes--violences-conjugales"]
SERVICE_PUBLICS = ["victimes", "personnes-en-situation-durgence"]
SERVICE_MOBILISATION = (
    "Sur orientation des gendarmes ou des policiers. Un professionnel de l'annuaire peut aussi lui adresser une "
    "personne par une mise en relation. En cas de danger, appelez le 17 (ou le 112, ou le 114 par SMS)."
)


def split_codes(text: str) -> list[str]:
    """« 01004, 01007 ; 200071751 » → the codes, in order, without repeats."""
    codes: list[str] = []
    for code in re.split(r"[\s,;]+", text.strip()):
        if code and code not in codes:
            codes.append(code)
    return codes


def communes_for_zone(codes: list[str]) -> list[Commune]:
    """The current communes a list of zone codes names: commune INSEE codes (a delegated commune counts as its
    commune nouvelle), EPCI SIRENs, department codes. An unknown code is a French ValidationError naming it."""
    current = Commune.objects.current()
    found: dict[int, Commune] = {}
    unknown = []
    for code in codes:
        if len(code) == 9 and code.isdigit():
            members = list(current.filter(epci_id=code)) if EPCI.objects.filter(siren=code).exists() else []
        elif len(code) == 5:
            members = [c.current for c in Commune.objects.filter(code=code).select_related("parent")[:1]]
        else:
            members = list(current.filter(department_id=code)) if Department.objects.filter(code=code).exists() else []
        if not members:
            unknown.append(code)
        found.update((commune.pk, commune) for commune in members)
    if unknown:
        raise ValidationError(
            "Code(s) inconnu(s) : %(codes)s. Indiquez des codes INSEE de communes (5 caractères), des numéros SIREN "
            "d'EPCI (9 chiffres) ou un code de département.",
            params={"codes": ", ".join(unknown)},
            code="unknown_zone",
        )
    return sorted(found.values(), key=lambda commune: commune.code)


def managed_q(user: User, prefix: str = "") -> Q:
    """Coordinators whose scope covers the host unit's commune; nobody else (the funding is the coordination's)."""
    scope = user.coordinator_scope
    if scope is None:
        return Q(pk__in=[])
    return scope.commune_filter(f"{prefix}host__commune__")


class IsgPostQuerySet(models.QuerySet["IsgPost"]):
    def for_user(self, user: User) -> IsgPostQuerySet:
        return self.filter(managed_q(user)).distinct()

    def filled(self) -> IsgPostQuerySet:
        return self.filter(status=PostStatus.FILLED)

    def in_department(self, code: str) -> IsgPostQuerySet:
        return self.filter(Q(host__commune__department_id=code) | Q(communes__department_id=code)).distinct()


class IsgPost(models.Model):
    name = models.CharField("intitulé", max_length=150, help_text="Par exemple : Intervenant social en gendarmerie")
    kind = models.CharField("force d'accueil", max_length=12, choices=PostKind.choices, default=PostKind.GENDARMERIE)
    host = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="isg_posts", verbose_name="unité d'accueil"
    )
    host_level = models.CharField("échelon", max_length=12, choices=HostLevel.choices, default=HostLevel.BRIGADE)
    service = models.OneToOneField(
        Service, on_delete=models.PROTECT, related_name="isg_post", verbose_name="service de l'annuaire"
    )
    zone_codes = models.JSONField("territoire couvert (codes)", default=list, blank=True)
    communes = models.ManyToManyField(Commune, blank=True, related_name="isg_posts", verbose_name="communes couvertes")
    status = models.CharField("statut", max_length=10, choices=PostStatus.choices, default=PostStatus.PLANNED)
    started_on = models.DateField("date de début", null=True, blank=True)
    notes = models.TextField("notes", blank=True)
    is_demo = models.BooleanField("démonstration", default=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = IsgPostQuerySet.as_manager()

    class Meta:
        verbose_name = "poste d'intervenant social en gendarmerie ou commissariat"
        verbose_name_plural = "postes d'intervenants sociaux en gendarmerie et commissariat"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    @transaction.atomic
    def create(cls, *, host: Structure, zone_codes: list[str], is_demo: bool = False, **fields: Any) -> IsgPost:
        """A new post and its directory service, at the host unit's commune, covering the zone."""
        service = Service(structure=host, is_demo=is_demo, verified_at=timezone.now())
        post = cls(host=host, service=service, zone_codes=zone_codes, is_demo=is_demo, **fields)
        post.sync_service()
        post.service = service
        post.save()
        post.communes.set(communes_for_zone(zone_codes))
        return post

    @transaction.atomic
    def cover(self, zone_codes: list[str]) -> None:
        """Change the zone: the communes covered and the service's eligibility zone follow."""
        self.zone_codes = zone_codes
        self.save(update_fields=["zone_codes", "updated_at"])
        self.communes.set(communes_for_zone(zone_codes))
        self.sync_service()

    def sync_service(self) -> None:
        """Write the post onto its directory service; list it while the post is filled, withdraw it otherwise."""
        service = self.service
        host = self.host
        service.structure = host
        service.name = self.name[:150]
        service.description = service.description or SERVICE_DESCRIPTION
        service.thematiques = service.thematiques or SERVICE_THEMES
        service.publics = service.publics or SERVICE_PUBLICS
        service.modes_accueil = ["en-presentiel"]
        service.frais = "gratuit"
        service.mobilisation_precisions = service.mobilisation_precisions or SERVICE_MOBILISATION
        service.zone_eligibilite = list(self.zone_codes)
        service.commune = host.commune
        service.latitude, service.longitude = host.latitude, host.longitude
        listed = self.status == PostStatus.FILLED and host.is_established
        if listed:
            service.status, service.suspended_until = ListingStatus.PUBLISHED, None
        elif service.status in {ListingStatus.PUBLISHED, ListingStatus.SUSPENDED}:
            service.status = ListingStatus.DRAFT
        service.save()

    # Transitions ----------------------------------------------------------------------------------------------
    def _move(self, target: str, *, started_on: datetime.date | None = None) -> None:
        if self.status == target:
            raise TransitionError(f"Ce poste est déjà {PostStatus(target).label}.")
        with transaction.atomic():
            self.status = target
            fields = ["status", "updated_at"]
            if started_on is not None:
                self.started_on = started_on
                fields.append("started_on")
            self.save(update_fields=fields)
            self.sync_service()

    def fill(self, *, on: datetime.date | None = None) -> None:
        """Someone holds the post: its service is listed and can receive hand-overs."""
        self._move(PostStatus.FILLED, started_on=on or self.started_on or timezone.localdate())

    def vacate(self) -> None:
        self._move(PostStatus.VACANT)

    def plan(self) -> None:
        self._move(PostStatus.PLANNED)

    def deletion_blockers(self) -> list[str]:
        """Why the post cannot be deleted without losing what others rely on, in French; empty when it can. Its own
        fundings are not a blocker: they go with it, and the confirmation page lists them."""
        reasons = []
        if self.status == PostStatus.FILLED:
            reasons.append(
                "le poste est pourvu : son service est publié et peut recevoir des mises en relation ; déclarez-le "
                "d'abord vacant"
            )
        reasons += [_BLOCKER_LABELS.get(label, f"des données liées ({label})") for label in self._service_links()]
        return reasons

    def _service_links(self) -> list[str]:
        """The models of other apps with rows pointing at the post's service (hand-overs, pathway competences, a
        mobile unit's services), found from the model's relations so that a new one is not forgotten."""
        found = []
        for relation in Service._meta.get_fields(include_hidden=True):
            if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
                continue
            model = relation.related_model
            assert isinstance(relation, ForeignObjectRel) and model is not None and not isinstance(model, str)
            label = model._meta.label_lower
            if label.split(".")[0] in _OWN_APPS:
                continue
            if model._base_manager.filter(**{relation.field.name: self.service_id}).exists():
                found.append(label)
        return sorted(found)

    @transaction.atomic
    def delete_with_service(self) -> int:
        """Delete the post, its fundings and its directory service (never listed by then); the number of fundings
        deleted. Checked again with the post's row locked, so a hand-over sent meanwhile blocks it."""
        type(self).objects.select_for_update().filter(pk=self.pk).first()
        blockers = self.deletion_blockers()
        if blockers:
            raise TransitionError(f"Ce poste ne peut pas être supprimé : {' ; '.join(blockers)}.")
        fundings = self.fundings.count()
        service = self.service
        self.delete()
        service.delete()
        return fundings

    @property
    def communes_population(self) -> int:
        return sum(commune.population for commune in self.communes.all())


class FundingQuerySet(models.QuerySet["Funding"]):
    def for_user(self, user: User) -> FundingQuerySet:
        return self.filter(managed_q(user, "post__")).distinct()


class Funding(models.Model):
    """One funder's part of a post for one year: an amount, a share of the post's cost, or both."""

    post = models.ForeignKey(IsgPost, on_delete=models.CASCADE, related_name="fundings", verbose_name="poste")
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(2000), MaxValueValidator(2100)], help_text="Par exemple : 2026"
    )
    funder_kind = models.CharField("financeur", max_length=12, choices=FunderKind.choices)
    funder_name = models.CharField(
        "nom du financeur", max_length=200, blank=True, help_text="Par exemple : CISPD du Pays de Gex"
    )
    epci = models.ForeignKey(
        EPCI, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="EPCI financeur"
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="commune financeuse"
    )
    amount = models.DecimalField(
        "montant (euros)", max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    share = models.DecimalField(
        "part du coût du poste (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.CharField("remarque", max_length=255, blank=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = "financement d'un poste"
        verbose_name_plural = "financements des postes"
        ordering = ["-year", "funder_kind", "funder_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gte=0) & Q(share__lte=100)), name="isg_funding_share_range"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | Q(share__isnull=False), name="isg_funding_amount_or_share"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.funder_label}"

    @property
    def funder_label(self) -> str:
        """« EPCI — Communauté d'agglomération du Bassin de Bourg-en-Bresse », « État (FIPD) »."""
        who = self.funder_name or (self.epci.name if self.epci else "") or (self.commune.name if self.commune else "")
        kind = FunderKind(self.funder_kind).label if self.funder_kind in FunderKind.values else self.funder_kind
        return f"{kind} — {who}" if who else str(kind)

    def shares_of_year(self) -> Decimal:
        """The shares of the post's other fundings of the same year."""
        others = Funding.objects.filter(post_id=self.post_id, year=self.year).exclude(pk=self.pk)
        return others.aggregate(total=Sum("share"))["total"] or Decimal(0)

    def clean(self) -> None:
        if self.amount is None and self.share is None:
            raise ValidationError("Indiquez un montant, une part du coût du poste, ou les deux.")
        if self.funder_kind == FunderKind.EPCI and self.commune_id:
            raise ValidationError({"commune": "Un financement d'EPCI ne désigne pas une commune."})
        if self.funder_kind == FunderKind.COMMUNE and self.epci_id:
            raise ValidationError({"epci": "Un financement communal ne désigne pas un EPCI."})
        if self.share is not None and self.post_id is not None and self.year:
            taken = self.shares_of_year()
            if taken + self.share > HUNDRED:
                raise ValidationError(
                    {
                        "share": (
                            f"Les parts de {self.year} dépasseraient 100 % : {_percent(taken)} % déjà attribués, "
                            f"il reste {_percent(HUNDRED - taken)} % au plus."
                        )
                    }
                )


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")
