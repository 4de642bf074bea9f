from dataclasses import dataclass


@dataclass
class User:
    user_id: str
    user_name: str
    password: str  # 평문 그대로: 이 단계는 일부러 위험하다
