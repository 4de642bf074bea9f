from dataclasses import dataclass


@dataclass
class User:
    user_id: str
    user_name: str
    # ⚠️ 이 단계의 의도된 약점: 비밀번호를 평문 그대로 저장합니다. v1.0.8에서 해시로 바꿉니다.
    password: str
