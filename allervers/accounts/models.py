"""Users log in with their e-mail. They belong to structures (administrator or editor); coordinators have a scope."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from allervers.accounts.enums import MembershipRole
from allervers.directory.models import Structure
from allervers.territories.models import FRANCE, REGION_PREFIX, Commune, Department

INVITATION_DAYS = 14


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("Une adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    job_title = models.CharField("fonction", max_length=150, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def display_name(self) -> str:
        """How others see this user in logs and histories: a function, not a private e-mail when possible."""
        return self.job_title or self.get_full_name()

    # Permissions ------------------------------------------------------------------------------------------
    def membership_role(self, structure: Structure) -> str | None:
        for membership in self._memberships():
            if membership.structure_id == structure.pk:
                return membership.role
        return None

    def can_edit_structure(self, structure: Structure) -> bool:
        return self.membership_role(structure) is not None or self.coordinates_structure(structure)

    def can_manage_members(self, structure: Structure) -> bool:
        return self.membership_role(structure) == MembershipRole.ADMIN or self.coordinates_structure(structure)

    def coordinates_structure(self, structure: Structure) -> bool:
        scope = self.coordinator_scope
        return scope is not None and structure.commune is not None and scope.covers(structure.commune)

    @property
    def coordinator_scope(self) -> CoordinatorScope | None:
        if not hasattr(self, "_scope_cache"):
            self._scope_cache = CoordinatorScope.objects.filter(user=self).first() if self.pk else None
        return self._scope_cache

    @property
    def is_coordinator(self) -> bool:
        return self.coordinator_scope is not None

    @property
    def is_professional(self) -> bool:
        """Professionals may see professional-only lines and confidential addresses."""
        return self.is_active and (self.is_coordinator or bool(self._memberships()))

    def _memberships(self) -> list[Membership]:
        if not hasattr(self, "_memberships_cache"):
            self._memberships_cache = list(Membership.objects.filter(user=self)) if self.pk else []
        return self._memberships_cache


class MembershipQuerySet(models.QuerySet["Membership"]):
    def admins(self) -> MembershipQuerySet:
        return self.filter(role=MembershipRole.ADMIN)

    def contact_addresses(self, structure_id: int) -> list[str]:
        """Whom to write to about a structure: its active administrators, else every active member."""
        members = list(self.filter(structure_id=structure_id, user__is_active=True).select_related("user"))
        admins = [m.user.email for m in members if m.role == MembershipRole.ADMIN]
        return admins or [m.user.email for m in members]


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR)
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "membre d'une structure"
        constraints = [models.UniqueConstraint(fields=["user", "structure"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.structure} ({self.get_role_display()})"


class CoordinatorScopeQuerySet(models.QuerySet["CoordinatorScope"]):
    def covering(self, commune: Commune | None) -> list[CoordinatorScope]:
        """The active coordinators' scopes that cover this commune (a deployment holds a few dozen scopes: their
        zone lists are compared here, as `covers` does, rather than in SQL, which JSON lists don't index on SQLite)."""
        if commune is None:
            return []
        return [scope for scope in self.filter(user__is_active=True).select_related("user") if scope.covers(commune)]


class CoordinatorScope(models.Model):
    """What a coordinator moderates: zone codes as in service zones (department, EPCI SIREN, commune INSEE)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="scope")
    label = models.CharField("intitulé", max_length=200, help_text="Par exemple : Préfecture de l'Ain, cabinet")
    zone_codes = models.JSONField("territoire", default=list)

    objects = CoordinatorScopeQuerySet.as_manager()

    class Meta:
        verbose_name = "périmètre de coordination"

    def __str__(self) -> str:
        return f"{self.label} ({', '.join(self.zone_codes)})"

    def covers(self, commune: Commune) -> bool:
        codes = set(commune.covering_zone_codes()) - {FRANCE}
        return FRANCE in self.zone_codes or bool(codes & set(self.zone_codes))

    def covers_zone(self, code: str) -> bool:
        """Whether a whole zone (commune INSEE code, EPCI SIREN, department, R + region, france) is inside this scope.

        A zone is inside when it is one of the scope's codes or lies within one of them; an EPCI when every one of
        its current communes does (an EPCI may straddle two departments)."""
        codes = set(self.zone_codes)
        if FRANCE in codes or code in codes:
            return True
        department = Department.objects.filter(code=code).first()
        if department is not None:
            return f"{REGION_PREFIX}{department.region_id}" in codes
        communes = Commune.objects.current()
        if len(code) == 9 and code.isdigit():
            members = communes.filter(epci_id=code)
            return members.exists() and not members.exclude(self.commune_filter("")).exists()
        commune = communes.filter(code=code).select_related("department").first()
        return commune is not None and self.covers(commune)

    def commune_filter(self, prefix: str = "commune__") -> models.Q:
        """A Q on a commune foreign key that keeps rows inside this scope (current communes)."""
        if FRANCE in self.zone_codes:
            return models.Q()
        q = models.Q(**{f"{prefix}code__in": self.zone_codes})
        q |= models.Q(**{f"{prefix}epci_id__in": self.zone_codes})
        q |= models.Q(**{f"{prefix}department_id__in": self.zone_codes})
        return q


def _token() -> str:
    return secrets.token_urlsafe(32)


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    email = models.EmailField("adresse électronique")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField("rôle", max_length=10, choices=MembershipRole.choices, default=MembershipRole.ADMIN)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "invitation"

    def __str__(self) -> str:
        return f"Invitation à {self.structure}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    def accept(self, *, user: User) -> Membership:
        membership, _ = Membership.objects.update_or_create(
            user=user, structure=self.structure, defaults={"role": self.role}
        )
        self.accepted_at = timezone.now()
        self.save(update_fields=["accepted_at"])
        return membership
