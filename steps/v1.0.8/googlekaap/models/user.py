from dataclasses import dataclass


@dataclass
class User:
    user_id: str
    user_name: str
    # 비밀번호가 아니라 그 해시("scrypt:32768:8:1$솔트$해시값")만 저장합니다.
    password_hash: str
